import "server-only";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { Role, User } from "@/db/schema";
import { failure, formValues, invalid, type ActionResult } from "@/lib/action-result";
import { requireRole, requireUser } from "@/lib/auth/guards";

/** Who may call: accounts with one role, any signed-in account, or anyone (login, sign-up). */
type Who = Role | "signedIn" | "anyone";
type Caller<W extends Who> = W extends "anyone" ? null : User;

type Names = readonly string[];
/** The leading arguments: typed as the schema reads them, strings where it does not declare them. */
type Args<S extends z.ZodType, K extends Names> = { -readonly [I in keyof K]: K[I] extends keyof z.input<S> ? z.input<S>[K[I]] : string };
type Input<S extends z.ZodType, K extends Names> = z.output<S> & { [P in Exclude<K[number], keyof z.output<S>>]: string };
type Data<D> = Exclude<Awaited<D>, Redirect> extends void ? undefined : Exclude<Awaited<D>, Redirect>;

type Options<W extends Who, K extends Names, S extends z.ZodType> = {
  role: W;
  /** Names of the action's leading arguments (ids a page binds); they join the input under these names. */
  args?: K;
  /** Checks the input: the named arguments and, for a form, its fields; arguments it does not declare are strings. */
  schema?: S;
  /** Form fields sent under one name several times (checkbox groups, several files): they arrive as arrays. */
  lists?: string[];
  /** Form fields never echoed back in `values` (passwords, secrets). */
  secret?: string[];
};
type Run<W extends Who, K extends Names, S extends z.ZodType, D> = (user: Caller<W>, input: Input<S, K>) => D;

class Redirect {
  constructor(readonly url: string) {}
}

/**
 * Returned by an action's body to leave for `url` on success. Next's redirect throws; returned
 * instead, it happens after the wrapper's error handling, which therefore can never swallow it.
 */
export function redirectTo(url: string): Redirect {
  return new Redirect(url);
}

/**
 * A server action called with arguments, `(…args)`: the caller is checked (anonymous → login page,
 * wrong role → 403), the input parsed, `run` called, and an AppError it throws becomes the
 * failure result. Anything else is rethrown to the error boundary.
 */
export function action<W extends Who, const K extends Names = [], S extends z.ZodType = z.ZodType<object, object>, D = undefined>(
  options: Options<W, K, S>,
  run: Run<W, K, S, D>,
): (...args: Args<S, K>) => Promise<ActionResult<Data<D>>> {
  const perform = performer(options, run);
  return async (...args) => perform(named(options.args, args));
}

/**
 * The same for a form, `(…args, previous, form)` as useActionState calls it: the form's fields join
 * the input, and a failure echoes them back as `values` so the form can refill itself.
 */
export function formAction<W extends Who, const K extends Names = [], S extends z.ZodType = z.ZodType<object, object>, D = undefined>(
  options: Options<W, K, S>,
  run: Run<W, K, S, D>,
): (...args: [...Args<S, K>, previous: ActionResult<Data<D>> | null, form: FormData]) => Promise<ActionResult<Data<D>>> {
  const perform = performer(options, run);
  const lists = options.lists ?? [];
  return async (...args) => {
    const form = args.at(-1) as FormData;
    const values = formValues(form, [...lists, ...(options.secret ?? [])]);
    return perform({ ...fields(form, lists), ...named(options.args, args) }, values);
  };
}

function performer<W extends Who, K extends Names, S extends z.ZodType, D>(options: Options<W, K, S>, run: Run<W, K, S, D>) {
  const schema = inputSchema(options.schema, options.args);
  return async (raw: Record<string, unknown>, values?: Record<string, string>): Promise<ActionResult<Data<D>>> => {
    const user = (await caller(options.role)) as Caller<W>;
    const parsed = await schema.safeParseAsync(raw);
    if (!parsed.success) return invalid(parsed.error, values);
    let data: Awaited<D>;
    try {
      data = await run(user, parsed.data as Input<S, K>);
    } catch (error) {
      return failure(error, values);
    }
    if (data instanceof Redirect) redirect(data.url);
    return data === undefined ? { ok: true } : { ok: true, data: data as Data<D> };
  };
}

function caller(who: Who): Promise<User | null> {
  if (who === "anyone") return Promise.resolve(null);
  return who === "signedIn" ? requireUser() : requireRole(who);
}

/** Arguments an object schema does not declare (any schema of another kind declares none) are ids: strings. */
function inputSchema(schema: z.ZodType = z.object({}), args: Names = []): z.ZodType {
  const declared = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  const ids = args.filter((name) => !declared.includes(name));
  if (!ids.length) return schema;
  return z.object(Object.fromEntries(ids.map((name) => [name, z.string({ error: "invalidInput" })]))).and(schema);
}

function named(names: Names = [], args: unknown[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name, i) => [name, args[i]]));
}

/** The form's fields; React's own (`$ACTION_…`) are not the form's. */
function fields(form: FormData, lists: string[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of form) if (!key.startsWith("$")) input[key] = value;
  for (const key of lists) input[key] = form.getAll(key);
  return input;
}
