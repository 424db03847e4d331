import { AppError } from '../../errors/app-error';
import { isUniqueViolation } from '../../errors/prisma-errors';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';

export interface CreateCellInput {
  id: string;
  regionId: string;
  capacityRps: number;
  weight?: number;
  instances?: { id: string; url: string; weight?: number }[];
}

/** Creates a cell, active, with its instances, in one change. */
export async function createCell(
  deps: ServiceDeps,
  actor: Actor,
  input: CreateCellInput,
) {
  try {
    return await commitChange(deps, actor, async (tx) => {
      const region = await tx.region.findUnique({
        where: { id: input.regionId },
        select: { id: true },
      });
      if (!region) {
        throw new AppError(
          'REGION_NOT_FOUND',
          `cell ${input.id} names unknown region ${input.regionId}`,
        );
      }

      const existing = await tx.cell.findUnique({
        where: { id: input.id },
        select: { id: true },
      });
      if (existing) {
        throw new AppError('CELL_EXISTS', `cell ${input.id} exists`);
      }

      const cell = await tx.cell.create({
        data: {
          id: input.id,
          regionId: input.regionId,
          capacityRps: input.capacityRps,
          weight: input.weight ?? 1,
          instances: { create: input.instances ?? [] },
        },
        include: { instances: { orderBy: { id: 'asc' } } },
      });
      const after = {
        id: cell.id,
        regionId: cell.regionId,
        capacityRps: cell.capacityRps,
        weight: cell.weight,
        state: cell.state,
        instances: cell.instances.map(({ id, url, weight }) => ({
          id,
          url,
          weight,
        })),
      };

      return {
        result: after,
        audit: {
          action: 'cell.create',
          targetType: 'cell',
          targetId: cell.id,
          after,
        },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        'INSTANCE_EXISTS',
        `an instance of cell ${input.id} repeats an id or URL`,
        { cause: error },
      );
    }
    throw error;
  }
}
