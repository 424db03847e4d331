'use client';

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface DecisionMinuteDatum {
  /** Minute label, e.g. "14:05". */
  label: string;
  allow: number;
  deny: number;
  error: number;
  /** p99 evaluation time in microseconds; null for a quiet minute. */
  p99Us: number | null;
}

export interface DecisionChartSvgProps {
  data: readonly DecisionMinuteDatum[];
  height?: number;
}

/**
 * Decisions per minute stacked by result, with the minute's p99
 * evaluation time as a line on its own axis.
 */
export default function DecisionChartSvg({
  data,
  height = 240,
}: DecisionChartSvgProps) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart data={[...data]} margin={{ top: 8, right: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" tickLine={false} fontSize={12} minTickGap={16} />
        <YAxis
          yAxisId="count"
          allowDecimals={false}
          tickLine={false}
          fontSize={12}
        />
        <YAxis
          yAxisId="us"
          orientation="right"
          tickLine={false}
          fontSize={12}
          unit=" µs"
        />
        <Tooltip />
        <Legend />
        <Bar
          yAxisId="count"
          dataKey="allow"
          stackId="result"
          fill="var(--good)"
          isAnimationActive={false}
        />
        <Bar
          yAxisId="count"
          dataKey="deny"
          stackId="result"
          fill="var(--warn)"
          isAnimationActive={false}
        />
        <Bar
          yAxisId="count"
          dataKey="error"
          stackId="result"
          fill="var(--bad)"
          isAnimationActive={false}
        />
        <Line
          yAxisId="us"
          dataKey="p99Us"
          name="p99 µs"
          stroke="var(--accent)"
          dot={false}
          connectNulls={false}
          isAnimationActive={false}
        />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
