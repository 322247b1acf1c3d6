import createClient, { type Middleware } from 'openapi-fetch';
import type { components as BankComponents, paths as BankPaths } from '../generated/bank';
import type { components as RegulatorComponents, paths as RegulatorPaths } from '../generated/regulator';

/**
 * Every route of either kind of instance; the console calls a kind's own routes only (`WhoAmI.kind`). Where both
 * kinds serve a path, a bank's serves every method a regulator's does and more, so its description is taken.
 */
export type Paths = BankPaths & Omit<RegulatorPaths, keyof BankPaths>;
export type Schemas = BankComponents['schemas'] & RegulatorComponents['schemas'];

export type WhoAmI = Schemas['WhoAmIDto'];
export type PaymentView = Schemas['PaymentView'];
export type ErrorBody = Schemas['ErrorBodyDto'];
export type StatusChange = Pick<PaymentView, 'uetr' | 'corridor' | 'messageType' | 'debtorAgentOrg' | 'creditorAgentOrg'
  | 'settlementDate' | 'status' | 'differingFields' | 'sidesPresent'> & { transactionId: string; blockNumber: number; at: string };

const KEY_STORAGE = 'bayrecon.apiKey';

/** The API key lives in this tab's session storage only: closing the tab forgets it, another tab never sees it. */
export const apiKey = {
  get: (): string | null => sessionStorage.getItem(KEY_STORAGE),
  set: (key: string): void => sessionStorage.setItem(KEY_STORAGE, key),
  clear: (): void => sessionStorage.removeItem(KEY_STORAGE),
};

const withKey: Middleware = {
  onRequest({ request }) {
    const key = apiKey.get();
    if (key !== null) request.headers.set('authorization', `Bearer ${key}`);
    return request;
  },
};

/**
 * The one client of the instance that served this page, typed from its OpenAPI document: same origin, so the
 * console talks to no other server.
 */
export const api = createClient<Paths>({ baseUrl: location.origin });
api.use(withKey);

/** A refusal's message for people, or the HTTP status when the body is not the API's error shape. */
export function errorMessage(error: unknown, response: Response): string {
  const body = error as Partial<ErrorBody> | undefined;
  if (body?.error !== undefined) {
    const problems = body.error.problems.map((problem) => (problem.path ? `${problem.path}: ${problem.reason}` : problem.reason));
    return [body.error.message, ...problems.filter((problem) => problem !== body.error?.message)].join(' · ');
  }
  return `HTTP ${response.status}`;
}
