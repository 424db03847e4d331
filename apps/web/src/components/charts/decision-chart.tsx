'use client';

import dynamic from 'next/dynamic';

import type { DecisionChartSvgProps } from './decision-chart-svg';

/** The decisions chart, drawn in the browser only (recharts measures). */
export const DecisionChart = dynamic<DecisionChartSvgProps>(
  () => import('./decision-chart-svg'),
  {
    ssr: false,
    loading: () => <div className="chart-placeholder">Drawing chart…</div>,
  },
);
