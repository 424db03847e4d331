'use client';

import dynamic from 'next/dynamic';

import type { BarChartSvgProps } from './bar-chart-svg';

/**
 * The bar chart, loaded in the browser only: recharts sizes itself from the
 * DOM, so a server render would only produce an empty frame.
 */
export const BarChart = dynamic<BarChartSvgProps>(
  () => import('./bar-chart-svg'),
  {
    ssr: false,
    loading: () => <div className="chart-placeholder">Drawing chart…</div>,
  },
);
