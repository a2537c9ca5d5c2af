import type { z } from 'zod';
import { ValidationError, type FieldErrors } from './errors';
import { parse, toFieldErrors } from './fields';

// A use case takes a typed command. A route builds it from a form (or the API from a JSON body)
// with the area's zod schema, but does not throw when the input is refused: the refusal travels
// to the use case, which checks who may act first and only then takes the command. So whoever
// may not act is refused the same (403, or 404 outside their scope) whatever they sent, and a
// refused form still gets its messages beside the fields the user typed in.

/** What was wrong with a form or a JSON body, field by field (the names the user typed in). */
export class Refusal {
  constructor(readonly fields: FieldErrors) {}
}

/** A command as a route hands it over: typed, or the refusal of what was sent. */
export type Submitted<T> = T | Refusal;

/** Route side: the form or body parsed into the area's command, or its refusal (not thrown). */
export function submitted<S extends z.ZodType>(schema: S, input: unknown): Submitted<z.output<S>> {
  const result = schema.safeParse(input ?? {});
  return result.success ? result.data : new Refusal(toFieldErrors(result.error));
}

/**
 * Use-case side, after the access checks: a refusal is thrown (422 with its field messages); a
 * command is checked against the command's own schema, so that a caller in code (a script, a test,
 * the demo) cannot pass what no form could.
 */
export function accept<S extends z.ZodType>(schema: S, cmd: Submitted<z.input<S>>): z.output<S> {
  if (cmd instanceof Refusal) throw new ValidationError(cmd.fields);
  return parse(schema, cmd);
}
