/**
 * Colours of the two themes. Colour is for exceptions (DESIGN.md "The look"): calm tiles are
 * grey on grey, only at-risk / off-track / stale tiles and unfavourable changes stand out.
 * The accent pair is Okabe–Ito blue / vermillion plus amber, readable with the common
 * colour-vision deficiencies; status is also always a word and a shape.
 */
import type { Status } from '../core/types.js';
import type { Theme } from '../layout/types.js';

export interface Palette {
  readonly page: string;
  readonly tile: string;
  readonly tileBorder: string;
  readonly text: string;
  readonly muted: string;
  readonly faint: string;
  /** Bullet graph qualitative bands, poor → good (Few: shades of one grey). */
  readonly bands: readonly [string, string, string];
  readonly bar: string;
  readonly target: string;
  readonly pace: string;
  readonly spark: string;
  readonly favorable: string;
  readonly unfavorable: string;
  readonly atRisk: string;
  readonly offTrack: string;
  readonly notice: string;
  readonly noticeText: string;
  readonly stale: string;
}

const dark: Palette = {
  page: '#0b0d10',
  tile: '#171a1f',
  tileBorder: '#23272e',
  text: '#eef0f3',
  muted: '#9aa1ab',
  faint: '#5d646e',
  bands: ['#2b3038', '#353b45', '#414854'],
  bar: '#e6e9ee',
  target: '#ffffff',
  pace: '#9aa1ab',
  spark: '#aeb5bf',
  favorable: '#56b4e9',
  unfavorable: '#ff7a45',
  atRisk: '#f5b700',
  offTrack: '#ff5a36',
  notice: '#f5b700',
  noticeText: '#111111',
  stale: '#8a9099',
};

const light: Palette = {
  page: '#e9ebee',
  tile: '#ffffff',
  tileBorder: '#d5d9df',
  text: '#15181c',
  muted: '#5b626c',
  faint: '#a2a8b0',
  bands: ['#c9ced5', '#dadee3', '#e9ecef'],
  bar: '#2a2f36',
  target: '#000000',
  pace: '#5b626c',
  spark: '#59616b',
  favorable: '#0072b2',
  unfavorable: '#c8440a',
  atRisk: '#b07800',
  offTrack: '#d03a12',
  notice: '#f5b700',
  noticeText: '#111111',
  stale: '#7b818a',
};

/** The palette of a theme. */
export function paletteOf(theme: Theme): Palette {
  return theme === 'light' ? light : dark;
}

/** The colour of a status: null for the calm ones, which stay neutral. */
export function statusColor(palette: Palette, status: Status): string | null {
  if (status === 'off_track') return palette.offTrack;
  if (status === 'at_risk') return palette.atRisk;
  return null;
}

/** The word shown next to the status shape (never colour alone). */
export function statusWord(status: Status): string {
  switch (status) {
    case 'on_track':
      return 'on track';
    case 'at_risk':
      return 'at risk';
    case 'off_track':
      return 'off track';
    case 'early':
      return 'early';
    case 'no_data':
      return 'no data';
    case 'unknown':
      return 'unknown';
  }
}

/** The shape drawn for a status: circle, triangle, diamond, half-filled circle, ring, square. */
export type StatusShape = 'circle' | 'triangle' | 'diamond' | 'half' | 'ring' | 'square';

/** The shape for a status (● on track, ▲ at risk, ◆ off track, ◐ early, ○ no data, □ unknown). */
export function statusShape(status: Status): StatusShape {
  switch (status) {
    case 'on_track':
      return 'circle';
    case 'at_risk':
      return 'triangle';
    case 'off_track':
      return 'diamond';
    case 'early':
      return 'half';
    case 'no_data':
      return 'ring';
    case 'unknown':
      return 'square';
  }
}
