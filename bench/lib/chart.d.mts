export function renderChart(figures: Record<string, { ms: number }>, title: string): string;
