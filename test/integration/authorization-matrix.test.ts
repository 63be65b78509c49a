import { httpRoutes } from '../../functions/manifest';
import { createRequestHandler } from '../../infra/local/http-adapter';
import { canonicalJson } from '../../shared/canonical-json';
import {
  CALLERS,
  ROUTES,
  SCOPES,
  answerOf,
  buildWorld,
  expectedOutcome,
  foreignIds,
  incomingRequest,
  isPrincipalCaller,
  reaches,
  refusalCodes,
  statusOf,
  targetOf,
  type Answer,
  type ApiCall,
  type Caller,
  type Outcome,
  type RouteRow,
  type Scope,
  type World,
} from '../support/authorization-matrix';

/*
 * Issue 6, point 1: the authorization matrix. Every HTTP route of the manifest × 12 callers
 * (school, official, admin; no token, an unknown token, revoked school/official/admin tokens,
 * four malformed headers) × 3 scopes (the caller's own school, another school of the same
 * district, a school of another district): one test per cell, with the status the table in
 * test/support/authorization-matrix.ts gives it. Each request goes through the local API
 * adapter: the manifest's Lambda authorizer resolves the real token, then the route's handler
 * runs with the authorizer's context, as API Gateway chains them.
 *
 * Per cell: the status and the error code; for a success, that the answer is about the target
 * and holds nothing of a school or district the caller may not see; for a refused POST, that
 * what it aimed at (and the caller's own data) is exactly as before. Last, the summary: no
 * cross-school or cross-district success, every refusal 401, 403 (a role that never uses the
 * route, the same for every scope) or 404 (or the documented answer for an unknown reference),
 * no foreign data in any answer. Malformed Authorization headers get AUTHORIZATION_MALFORMED.
 */

// The first report renders its workbook with resvg's .wasm and a 10 MB font: set-up takes seconds.
jest.setTimeout(30_000);

interface Cell {
  row: RouteRow;
  caller: Caller;
  scope: Scope;
  outcome: Outcome;
}

interface CellResult {
  route: string;
  caller: Caller;
  scope: Scope;
  status: number;
  /** The request named a resource of a school or district the caller may not reach. */
  crossScope: boolean;
  /** The table says: answered exactly as a target that exists nowhere. */
  likeUnknown: boolean;
  /** Ids of data the caller may not see, found in the answer. */
  leaked: string[];
}

const CELLS: Cell[] = ROUTES.flatMap((row) =>
  CALLERS.flatMap((caller) =>
    SCOPES.map((scope) => ({ row, caller, scope, outcome: expectedOutcome(row, caller, scope) })),
  ),
);

const handle = createRequestHandler({
  log: () => undefined,
  logError: (message, error) => console.error(message, error),
});
const send = async (call: ApiCall, authorization: string | undefined): Promise<Answer> =>
  answerOf(await handle(incomingRequest(call, authorization)));

let world: World;
const results: CellResult[] = [];

/** Whether the cell's request names a resource outside what a school or an official may reach. */
function isCrossScope(cell: Cell): boolean {
  if (!isPrincipalCaller(cell.caller) || cell.caller === 'admin') return false;
  if (cell.row.addressing === 'none' || cell.row.addressing === 'signed-link') return false;
  const target = targetOf(world, cell.scope);
  return !reaches(world, cell.caller, cell.row.level === 'district' ? { districtId: target.districtId } : target);
}

describe('authorization matrix: every route × caller × scope', () => {
  beforeAll(async () => {
    world = await buildWorld(send);
  }, 120_000);

  it('has rows for exactly the HTTP routes of the manifest', () => {
    // Prepare
    const manifest = httpRoutes().map((route) => `${route.method} ${route.path}`);
    // Act
    const table = ROUTES.map((row) => row.route);
    // Assess
    expect([...table].sort()).toEqual([...manifest].sort());
    expect(new Set(table).size).toBe(table.length);
    expect(CELLS).toHaveLength(ROUTES.length * CALLERS.length * SCOPES.length);
  });

  it.each(CELLS.map((cell) => [cell.row.route, cell.caller, cell.scope, statusOf(cell.outcome), cell] as const))(
    '%s | %s | %s → %i',
    async (_route, _caller, _scope, status, cell) => {
      // Prepare
      const target = targetOf(world, cell.scope);
      const stateOf = async () => (cell.row.touches ? canonicalJson(await cell.row.touches(world, target)) : undefined);
      const before = await stateOf();
      // Act
      const answer = await send(cell.row.request(world, target), world.authorization[cell.caller]);
      // Assess
      const leaked = leakedIds(cell, answer);
      results.push({
        route: cell.row.route,
        caller: cell.caller,
        scope: cell.scope,
        status: answer.status,
        crossScope: isCrossScope(cell),
        likeUnknown: typeof cell.outcome === 'object',
        leaked,
      });
      expect({ status: answer.status, body: answer.json }).toMatchObject({ status });
      expect(leaked).toEqual([]);
      if (status === 401 && cell.caller === 'no-token') {
        // No Authorization header: API Gateway's own 401 (the authorizer's identity source), nothing invoked.
        expect(answer.json).toEqual({ message: 'Unauthorized' });
        expect(await stateOf()).toBe(before);
      } else if (status >= 400) {
        expect(refusalCodes(cell.caller, status)).toContain((answer.json as { error?: { code?: string } }).error?.code);
        // A refusal changes nothing, neither what it aimed at nor the caller's own data.
        expect(await stateOf()).toBe(before);
      } else if (before !== undefined && !cell.row.sameStateAfterSuccess) {
        // The probe sees what this route writes: a success changed it.
        expect(await stateOf()).not.toBe(before);
      }
      if (status < 400 && cell.row.subjectsOf && typeof cell.outcome === 'number') {
        // The answer is about the target (or, for a route that names none, the caller's own).
        const subjects = cell.row.subjectsOf(answer);
        const wanted =
          cell.row.addressing === 'none'
            ? ownSchools(cell.caller)
            : [cell.row.level === 'district' ? target.districtId : target.schoolId];
        expect(new Set(subjects)).toEqual(new Set(wanted));
      }
      if (typeof cell.outcome === 'object') {
        // Answered exactly as a target that exists nowhere: nothing tells the caller the other school's data is there.
        const unknown = await send(cell.row.unknownTarget!(world), world.authorization[cell.caller]);
        expect({ status: answer.status, body: answer.json }).toEqual({ status: unknown.status, body: unknown.json });
      }
    },
  );

  it('lets no school or official reach another school or district, and refuses only with 401, 403 (by role alone) or 404', () => {
    // Act
    const crossScopeSuccesses = results.filter(
      (result) => result.crossScope && result.status < 400 && !result.likeUnknown,
    );
    const otherRefusals = results.filter(
      (result) => result.status >= 400 && ![401, 403, 404].includes(result.status) && !result.likeUnknown,
    );
    // A 403 says the caller's role never uses the route: it must not depend on whose resource is named.
    const scopedForbidden = results.filter(
      (result) =>
        result.status === 403 &&
        results.some((other) => other.route === result.route && other.caller === result.caller && other.status !== 403),
    );
    const leaks = results.filter((result) => result.leaked.length > 0);
    // Assess
    expect(results).toHaveLength(CELLS.length);
    expect(crossScopeSuccesses).toEqual([]);
    expect(otherRefusals).toEqual([]);
    expect(scopedForbidden).toEqual([]);
    expect(leaks).toEqual([]);
    // What remains outside "success for own scope, 401/403/404 otherwise" is answered exactly as a
    // target that exists nowhere (checked cell by cell): an official's list filtered by a school
    // of another district (200, empty page) and a school naming another school's submission in
    // `supersedes` (422 SUPERSEDED_NOT_FOUND).
    expect(
      results
        .filter((result) => result.likeUnknown)
        .map((result) => `${result.route} | ${result.caller} | ${result.scope} → ${result.status}`),
    ).toEqual([
      'POST /v1/submissions | school | same-district → 422',
      'POST /v1/submissions | school | other-district → 422',
      'GET /v1/submissions | official | other-district → 200',
      'GET /v1/hazards | official | other-district → 200',
    ]);
  });
});

/** Ids of schools and districts the caller may not see, found anywhere in the answer (a signed link is its own authorization). */
function leakedIds(cell: Cell, answer: Answer): string[] {
  if (!isPrincipalCaller(cell.caller) || cell.row.addressing === 'signed-link') return [];
  const seen = answer.text + JSON.stringify(answer.headers);
  return foreignIds(world, cell.caller).filter((id) => seen.includes(id));
}

/** The schools a caller's own answer covers: a school itself, an official their district's. */
function ownSchools(caller: Caller): string[] {
  return caller === 'official' ? [world.schools.a1.schoolId, world.schools.a2.schoolId] : [world.schools.a1.schoolId];
}
