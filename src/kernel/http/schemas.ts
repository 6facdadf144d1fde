import { Type, type TSchema } from 'typebox';
import { LIMITS } from '../../shared/limits';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  },
  { $id: 'ErrorBody' },
);

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.maxPage, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.pageSize, default: LIMITS.defaultPageSize })),
};

export const Paged = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item), total: Type.Integer() });

export const DateString = (description?: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: description ?? 'YYYY-MM-DD' });

export function pageOf(query: { page?: number; pageSize?: number }) {
  const page = query.page ?? 1;
  const pageSize = Math.min(query.pageSize ?? LIMITS.defaultPageSize, LIMITS.pageSize);
  return { page, pageSize, offset: (page - 1) * pageSize };
}
