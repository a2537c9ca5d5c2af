import { fromDbError } from './errors';

/** Runs database work and turns constraint violations into the rule they protect. */
export async function withDbErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw fromDbError(err) ?? err;
  }
}
