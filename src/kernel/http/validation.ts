import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { SerializerSelector, type SerializerFactory } from '@fastify/fast-json-stringify-compiler';
import type { FastifySchemaCompiler } from 'fastify';

// CJS default-export interop under ESM.
const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule }).default ?? addFormatsModule;

function makeAjv(coerce: boolean) {
  const ajv = new Ajv({ removeAdditional: false, useDefaults: true, coerceTypes: coerce ? 'array' : false, allErrors: false, strict: false });
  addFormats(ajv);
  return ajv;
}

const strictAjv = makeAjv(false);
const coercingAjv = makeAjv(true);

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

/** The Ajv validator of one request part, compiled now: what a route's first request compiles (below). */
export function compileRequestValidator(schema: object, httpPart: string | undefined): Validate {
  return (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema) as Validate;
}

/**
 * Query strings and path params arrive as text and are coerced; JSON bodies are not: `{"level": "5"}`
 * where a number is expected is the client's mistake and gets a 400 naming the field.
 *
 * Each schema is compiled on the route's first request, not when the route is registered: Fastify would
 * otherwise generate a validator for every schema of several hundred routes at start-up, most of which an
 * idle county server never calls, and keep their code in the heap (docs/operations.md, "Memory").
 * Fastify reads `errors` off the function it was given, so the wrapper copies them from Ajv's.
 * test/route-schemas.test.ts compiles every route's schemas, so a broken one cannot wait for its first request.
 */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  let compiled: Validate | null = null;
  const validate: Validate = (data) => {
    compiled ??= compileRequestValidator(schema as object, httpPart);
    const ok = compiled(data);
    validate.errors = compiled.errors;
    return ok;
  };
  return validate as ReturnType<FastifySchemaCompiler<unknown>>;
};

/** Fastify's own response serializers (fast-json-stringify), each built when asked: what the lazy factory defers. */
export const serializerFactory: SerializerFactory = SerializerSelector();

/**
 * Fastify's own response serializers, built on the first answer with that status instead of at start-up,
 * for the same reason as the validators. Passed as `schemaController.compilersFactory.buildSerializer`.
 * A broken schema therefore fails only on that answer; test/route-schemas.test.ts compiles every route's.
 */
export const lazySerializerFactory: SerializerFactory = (externalSchemas, serializerOpts) => {
  const build = serializerFactory(externalSchemas, serializerOpts);
  return (route) => {
    let compiled: ((data: unknown) => string) | null = null;
    return (data) => (compiled ??= build(route))(data);
  };
};
