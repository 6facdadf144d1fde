/** Test helpers of the market: the module list, valid credit codes and a registered, listed intermediary. */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { orgModule } from '../org';
import { casesModule } from '../cases';
import { fakeCatalogModule, uscc } from '../../../test/fixtures';
import { supervisionModule } from '../supervision';
import { intermediariesModule } from '.';

export const intermediariesTestModules = [orgModule, fakeCatalogModule, casesModule, supervisionModule, intermediariesModule] as const;

type Request = (o: InjectOptions & { as?: string }) => Promise<LightMyRequestResponse>;

export const AGENCY_CODES = {
  agency1: uscc('91430582', 'MA4P1C01'),
  agency2: uscc('91430500', 'MA4P2C02'),
  agency3: uscc('91430582', 'MA4P3C03'),
  agency4: uscc('91430582', 'MA4P4C04'),
};

/** Registers the account's intermediary and has the admin list it; answers its id. */
export async function listedAgency(
  request: Request,
  username: keyof typeof AGENCY_CODES,
  serviceIds: number[],
  qualification: { name: string; level: string; expiresOn: string },
): Promise<number> {
  const res = await request({
    method: 'POST',
    url: '/api/v1/intermediaries/agencies',
    as: username,
    payload: {
      uscc: AGENCY_CODES[username],
      name: `${username} 中介有限公司`,
      contact: '李经理',
      phone: '13907390001',
      office: '邵东市大禾塘街道金龙大道 1 号',
      staffCount: 12,
      serviceIds,
      qualifications: [{ ...qualification, certNo: `ZZ-${username}` }],
    },
  });
  if (res.statusCode !== 201) throw new Error(`register ${username}: ${res.statusCode} ${res.body}`);
  const id = res.json().id as number;
  const review = await request({ method: 'POST', url: `/api/v1/intermediaries/agencies/${id}/review`, as: 'admin', payload: { approve: true } });
  if (review.statusCode !== 200) throw new Error(`review ${username}: ${review.statusCode} ${review.body}`);
  return id;
}
