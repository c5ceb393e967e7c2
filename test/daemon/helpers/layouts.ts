// Layout texts the daemon tests drop into layouts/.

/** A small valid layout: one KPI and one metric tile, `title` shown in the header. */
export function smallLayout(title: string, extra = ''): string {
  return `title: ${title}
screen: { width: 480, height: 270, timezone: UTC, locale: en-US, duration: 1s }
grid: { columns: 2, rows: 1, gap: 8 }
metrics:
  leads: { label: Leads, better: higher, aggregate: sum }
kpis:
  monthly_leads: { metric: leads, period: month, target: 100 }
tiles:
  - { kpi: monthly_leads, at: [0, 0] }
  - { metric: leads, at: [1, 0], view: value }
${extra}`;
}
