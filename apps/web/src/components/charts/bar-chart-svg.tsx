'use client';

import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface BarDatum {
  label: string;
  value: number;
}

export interface BarChartSvgProps {
  data: readonly BarDatum[];
  /** Name of the measured quantity, shown in the tooltip. */
  valueName: string;
  height?: number;
}

/** A single-series bar chart; recharts measures the DOM, so client only. */
export default function BarChartSvg({
  data,
  valueName,
  height = 220,
}: BarChartSvgProps) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={[...data]} margin={{ top: 8, right: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tickLine={false} fontSize={12} />
        <YAxis allowDecimals={false} tickLine={false} fontSize={12} />
        <Tooltip cursor={{ fill: 'rgba(0, 0, 0, 0.04)' }} />
        <Bar
          dataKey="value"
          name={valueName}
          fill="var(--accent)"
          radius={[3, 3, 0, 0]}
          maxBarSize={64}
          isAnimationActive={false}
        />
      </BarChart>
    </ResponsiveContainer>
  );
}
