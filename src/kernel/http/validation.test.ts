import { describe, expect, it } from 'vitest';
import { lazySerializerFactory, validatorCompiler } from './validation';

describe('route schemas compiled on first use', () => {
  const schema = { type: 'object', required: ['level'], properties: { level: { type: 'integer' } } };

  it('validates like Ajv and exposes its errors on the function Fastify holds', () => {
    const body = validatorCompiler({ schema, method: 'POST', url: '/x', httpPart: 'body' }) as unknown as ((d: unknown) => boolean) & { errors?: { instancePath: string }[] | null };
    expect(body({ level: 5 })).toBe(true);
    expect(body.errors).toBeNull();
    expect(body({ level: '5' })).toBe(false); // JSON bodies are not coerced
    expect(body.errors?.[0].instancePath).toBe('/level');
    expect(body({ level: 6 })).toBe(true);
    expect(body.errors).toBeNull();
    const query = validatorCompiler({ schema, method: 'GET', url: '/x', httpPart: 'querystring' }) as unknown as (d: { level: unknown }) => boolean;
    const q = { level: '5' as unknown };
    expect(query(q)).toBe(true); // query strings are
    expect(q.level).toBe(5);
  });

  it('serializes like fast-json-stringify, building the serializer once', () => {
    const compile = lazySerializerFactory({}, {});
    const serialize = compile({ schema: { type: 'object', properties: { a: { type: 'number' } } }, method: 'GET', url: '/x', httpStatus: '200' });
    expect(serialize({ a: 1, b: 2 })).toBe('{"a":1}');
    expect(serialize({ a: 2 })).toBe('{"a":2}');
  });
});
