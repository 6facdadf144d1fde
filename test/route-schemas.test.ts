/**
 * Every route's schemas compile. The app compiles a route's validators and serializers on its first
 * request (src/kernel/http/validation.ts, for idle memory), so a broken schema would otherwise stay
 * hidden until someone calls that route. This builds the app once, records every schema Fastify hands
 * to the app's compilers, and compiles each now with the same compilers.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifySchemaCompiler } from 'fastify';
import type { SerializerFactory } from '@fastify/fast-json-stringify-compiler';
import { buildTestApp, type TestApp } from './harness';
import { compileRequestValidator, serializerFactory } from '../src/kernel/http/validation';

type RequestDef = Parameters<FastifySchemaCompiler<unknown>>[0];
type ResponseDef = Parameters<ReturnType<SerializerFactory>>[0];

const seen = vi.hoisted(() => ({
  requests: [] as RequestDef[],
  responses: [] as { externalSchemas: unknown; options: unknown; route: { method: string; url: string; httpStatus: string; schema?: unknown } }[],
}));

// The app's own compilers, each also noting what it was given.
vi.mock('../src/kernel/http/validation', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/kernel/http/validation')>();
  return {
    ...real,
    validatorCompiler: (def: RequestDef) => {
      seen.requests.push(def);
      return real.validatorCompiler(def);
    },
    lazySerializerFactory: ((externalSchemas, options) => {
      const compile = real.lazySerializerFactory(externalSchemas, options);
      return (route) => {
        seen.responses.push({ externalSchemas, options, route });
        return compile(route);
      };
    }) satisfies SerializerFactory,
  };
});

const where = (r: { method: string; url: string }, part: string) => `${r.method} ${r.url} ${part}`;

describe('every route schema compiles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ dialect: 'sqlite', seed: [] });
    await t.app.ready();
  });
  afterAll(async () => t?.close());

  it('request schemas (body, querystring, params, headers)', () => {
    expect(seen.requests.some((r) => r.method === 'POST' && r.url === '/api/v1/cases' && r.httpPart === 'body')).toBe(true);
    const broken: string[] = [];
    for (const r of seen.requests) {
      try {
        compileRequestValidator(r.schema as object, r.httpPart);
      } catch (e) {
        broken.push(`${where(r, r.httpPart ?? '?')}: ${(e as Error).message}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('response schemas', () => {
    expect(seen.responses.some((r) => r.route.method === 'POST' && r.route.url === '/api/v1/cases')).toBe(true);
    const broken: string[] = [];
    for (const { externalSchemas, options, route } of seen.responses) {
      try {
        serializerFactory(externalSchemas, options as Parameters<SerializerFactory>[1])(route as ResponseDef);
      } catch (e) {
        broken.push(`${where(route, route.httpStatus)}: ${(e as Error).message}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('a broken schema is caught by the same compilers', () => {
    const dangling = { type: 'object', properties: { a: { $ref: '#/definitions/missing' } } };
    expect(() => compileRequestValidator(dangling, 'body')).toThrow();
    expect(() => serializerFactory({}, {})({ method: 'GET', url: '/x', httpStatus: '200', schema: dangling })).toThrow();
  });
});
