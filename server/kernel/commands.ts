import type { z } from 'zod';
import { ValidationError } from './errors';
import { parse, toFieldErrors } from './fields';

// A use case takes a typed command. A route builds it from a form (or the API from a JSON body)
// with the area's zod schema, but does not throw when the input is refused: the refusal travels
// to the use case, which checks who may act first and only then takes the command. So whoever
// may not act is refused the same (403, or 404 outside their scope) whatever they sent, and a
// refused form still gets its messages beside the fields the user typed in.
//
// One way for every area: the route hands over a `Sent` (the command as a form or a JSON body
// sent it: typed values, or the field errors that kept it from parsing); a caller in code (a
// script, a test, the demo) hands over the command itself. The use case takes it with
//  - accept(schema, cmd): a command from code is checked against the command's schema, so it
//    cannot pass what no form could (schemas whose output parses again to itself), or
//  - received(cmd): the command from code is taken as typed (commands whose form and JSON
//    schemas differ, e.g. yuan on the form and fen in JSON; the market's), with the sender's name
//    of each field for the refusals that concern it.

/** What the sender calls a command's field, where it differs (the web's yuan `price` is the command's `priceFen`). */
type Names = Readonly<Record<string, string>>;

/** A command's two schemas: the web form's and the API's JSON body (its names are the command's). */
export type CommandSchemas<T> = { form: z.ZodType<T>; json: z.ZodType<T>; formNames?: Names };

/** A command as a form or a JSON body sent it: its typed values, or the field errors that kept it from parsing. */
export class Sent<T> {
  private constructor(
    readonly result: { ok: true; command: T } | { ok: false; error: ValidationError },
    readonly names: Names,
  ) {}

  /** Parsed with one schema (the form's and the body's alike). */
  static of<S extends z.ZodType>(schema: S, body: unknown): Sent<z.output<S>> {
    return Sent.parse(schema as z.ZodType<z.output<S>>, body);
  }

  static form<T>(c: CommandSchemas<T>, body: unknown): Sent<T> {
    return Sent.parse(c.form, body, c.formNames);
  }

  static json<T>(c: CommandSchemas<T>, body: unknown): Sent<T> {
    return Sent.parse(c.json, body);
  }

  /** A command checked by hand (an uploaded file): a ValidationError it throws is kept like a schema's. */
  static from<T>(make: () => T): Sent<T> {
    try {
      return new Sent<T>({ ok: true, command: make() }, {});
    } catch (err) {
      if (err instanceof ValidationError) return new Sent<T>({ ok: false, error: err }, {});
      throw err;
    }
  }

  private static parse<T>(schema: z.ZodType<T>, body: unknown, names: Names = {}): Sent<T> {
    const r = schema.safeParse(body ?? {});
    return new Sent(r.success ? { ok: true, command: r.data } : { ok: false, error: new ValidationError(toFieldErrors(r.error)) }, names);
  }
}

/** What a use case takes: the command itself (code) or as it was sent (routes). */
export type Submitted<T> = T | Sent<T>;
/** The market's name for the same. */
export type Input<T> = Submitted<T>;

/** Route side: the form or body parsed into the area's command, or its refusal (not thrown). */
export function submitted<S extends z.ZodType>(schema: S, input: unknown): Submitted<z.output<S>> {
  return Sent.of(schema, input);
}

/**
 * Use-case side, after the access checks: a refusal is thrown (422 with its field messages); a
 * command from code is checked against the command's own schema.
 */
export function accept<S extends z.ZodType>(schema: S, cmd: Submitted<z.input<S>> | Sent<z.output<S>>): z.output<S> {
  if (cmd instanceof Sent) {
    if (!cmd.result.ok) throw cmd.result.error;
    // Parsed by the route with this schema (submitted).
    return cmd.result.command as z.output<S>;
  }
  return parse(schema, cmd);
}

/**
 * Use-case side, after the access checks, for commands taken as typed: a body that did not parse
 * is refused now. `field` gives the sender's name of a field, for the refusals that concern it.
 */
export function received<T extends object>(input: Input<T>): { command: T; field: (name: keyof T & string) => string } {
  if (!(input instanceof Sent)) return { command: input, field: (name) => name };
  if (!input.result.ok) throw input.result.error;
  const { names } = input;
  return { command: input.result.command, field: (name) => names[name] ?? name };
}
