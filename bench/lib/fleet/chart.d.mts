// Types of chart.mjs, for its test (test/bench/fleetChart.spec.ts).

export interface FleetChartPanel {
  label: string;
  /** Requests per second, one value per simulated minute. */
  requests: number[];
  /** Of which throttled, one value per simulated minute. */
  throttled: number[];
}

export interface FleetChart {
  title: string;
  hours: number;
  quota: number;
  panels: FleetChartPanel[];
}

export function renderFleetChart(chart: FleetChart): string;
