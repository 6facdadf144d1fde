import { describe, expect, it } from 'vitest';
import { checkIncident, checkTraining, connectionKindOf } from './egov.rules';

const TODAY = '2026-10-20';

describe('egov rules', () => {
  it.each([
    [{ occurredOn: '2026-10-19', status: 'open' as const }, null],
    [{ occurredOn: '2026-10-21', status: 'open' as const }, 'INCIDENT_IN_FUTURE'],
    [{ occurredOn: '2026-10-19', status: 'handled' as const, measures: '封堵攻击源' }, 'HANDLED_ON_REQUIRED'],
    [{ occurredOn: '2026-10-19', status: 'handled' as const, handledOn: '2026-10-18', measures: '封堵攻击源' }, 'HANDLED_BEFORE_OCCURRED'],
    [{ occurredOn: '2026-10-19', status: 'handled' as const, handledOn: '2026-10-21', measures: '封堵攻击源' }, 'HANDLED_IN_FUTURE'],
    [{ occurredOn: '2026-10-19', status: 'handled' as const, handledOn: '2026-10-20', measures: ' 处置 ' }, 'MEASURES_REQUIRED'],
    [{ occurredOn: '2026-10-19', status: 'handled' as const, handledOn: '2026-10-19', measures: '封堵攻击源 IP' }, null],
  ])('incident %# → %s', (input, code) => expect(checkIncident(input, TODAY)?.code ?? null).toBe(code));

  it.each([
    [{ heldOn: '2026-10-20', attendees: 40, hours: 3 }, null],
    [{ heldOn: '2026-10-21', attendees: 40, hours: 3 }, 'TRAINING_IN_FUTURE'],
    [{ heldOn: '2026-10-20', attendees: 0, hours: 3 }, 'ATTENDEES_REQUIRED'],
    [{ heldOn: '2026-10-20', attendees: 2.5, hours: 3 }, 'ATTENDEES_REQUIRED'],
    [{ heldOn: '2026-10-20', attendees: 40, hours: 0 }, 'HOURS_INVALID'],
    [{ heldOn: '2026-10-20', attendees: 40, hours: 201 }, 'HOURS_INVALID'],
  ])('training %# → %s', (input, code) => expect(checkTraining(input, TODAY)?.code ?? null).toBe(code));

  it('registers only township and village service centres', () => {
    expect(connectionKindOf('township')).toBe('township');
    expect(connectionKindOf('village')).toBe('village');
    expect(connectionKindOf('department')).toBeNull();
    expect(connectionKindOf('bureau')).toBeNull();
  });
});
