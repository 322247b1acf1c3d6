import { strict as assert } from 'node:assert';
import {
  REFUSAL_MARKER, RefusalError, batchRefusal, issueIndex, readRefusal, refusalOnTheWire, refusalText,
} from './refusal';

describe('refusals', () => {
  const issues = [{ path: 'sides[1].uetr', reason: "'x' is not a UETR" }, { path: 'sides[3]', reason: 'already recorded: use amendSide' }];

  it('counts the records at fault in a batch refusal\'s header and keeps every issue', () => {
    const refusal = batchRefusal('CONFLICT', 'sides', 5, [...issues, { path: 'sides[3].endToEndId', reason: 'differs' }]).refusal;
    assert.equal(refusal.kind, 'CONFLICT');
    assert.equal(refusal.message, 'batch refused: 2 of 5 sides have errors');
    assert.equal(refusal.issues.length, 3);
  });

  it('reads a refusal back from the wire behind whatever the peer puts in front, issues and all', () => {
    const sent = batchRefusal('INVALID', 'sides', 5, issues).refusal;
    const wire = `chaincode response 500, ${refusalOnTheWire(sent)}`;
    assert.deepEqual(readRefusal(wire), sent);
    const quoted = RefusalError.ofField('NOT_FOUND', 'uetr', "no payment recorded for 'a\"b\nc'").refusal;
    assert.deepEqual(readRefusal(refusalOnTheWire(quoted)), quoted);
  });

  it('reads no refusal from an error the chaincode did not classify, nor from a malformed one', () => {
    assert.equal(readRefusal('chaincode response 500, Expected 2 parameters, but 1 have been supplied'), undefined);
    assert.equal(readRefusal(`${REFUSAL_MARKER}{"kind":"MAYBE","message":"x","issues":[]}`), undefined);
    assert.equal(readRefusal(`${REFUSAL_MARKER}{"kind":"INVALID","message":"x","issues":[{"path":1}]}`), undefined);
    assert.equal(readRefusal(`${REFUSAL_MARKER}not json`), undefined);
  });

  it('writes a refusal for a person: its message, then each issue the message does not already say', () => {
    assert.equal(refusalText(batchRefusal('INVALID', 'sides', 5, issues).refusal),
      "batch refused: 2 of 5 sides have errors\nsides[1].uetr: 'x' is not a UETR\nsides[3]: already recorded: use amendSide");
    assert.equal(refusalText(RefusalError.ofField('NOT_FOUND', 'uetr', 'no payment recorded').refusal), 'uetr: no payment recorded');
  });

  it('points an issue at its record by the index in its path', () => {
    assert.equal(issueIndex({ path: 'sides[12].uetr', reason: '' }), 12);
    assert.equal(issueIndex({ path: 'anchors[0]', reason: '' }), 0);
    assert.equal(issueIndex({ path: 'transient sides', reason: '' }), undefined);
  });
});
