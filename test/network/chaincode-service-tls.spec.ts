import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import { NetworkMap, peerOrg, readNetworkMap } from '../../network/client/network-map';
import { connectAs, OrgConnection } from '../../network/client/org-gateway';
import { getPayment, hkCreditorSide, newUetr, submitSides, szDebtorSide } from '../support/payments';

/**
 * How the chaincode service dealt with one gRPC request: whether a TLS handshake completed first (the service
 * proved a certificate for 127.0.0.1 from the CA the client trusts), then either its answer's grpc-status or
 * what ended the connection before any answer ('closed' when nothing was said).
 */
interface Outcome {
  secured: boolean;
  grpcStatus?: string;
  refusal?: string;
}

/**
 * Sends the chaincode service one gRPC request for a method it does not serve, so that nothing runs: a
 * service that accepts the connection answers UNIMPLEMENTED (grpc-status 12).
 */
function requestChaincodeService(authority: string, options: http2.SecureClientSessionOptions = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    let secured = false;
    const session = http2.connect(authority, options);
    const end = (outcome: Omit<Outcome, 'secured'>) => {
      session.destroy();
      resolve({ secured, ...outcome });
    };
    const refuse = (error: NodeJS.ErrnoException) => end({ refusal: error.code ?? error.message });
    session.on('connect', () => { secured = session.encrypted === true; });
    session.on('error', refuse);
    const request = session.request({ ':method': 'POST', ':path': '/grpc.health.v1.Health/Check', 'content-type': 'application/grpc' });
    request.on('response', (headers) => end({ grpcStatus: String(headers['grpc-status']) }));
    request.on('error', refuse);
    // A stream closed without an error may still see its session's error: give that a moment to arrive.
    request.on('close', () => setTimeout(() => end({ refusal: 'closed' }), 100));
    request.end();
  });
}

/** True when a TCP connection to the endpoint is accepted (and closed at once, before anything is sent). */
function acceptsConnections(endpoint: string): Promise<boolean> {
  const [host, port] = endpoint.split(':');
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), host, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

// Every endorsement of a payment hands its private details (the transient map) to the chaincode service: it
// speaks TLS only and answers only the clients its own CA issued, the peers.
describe('the chaincode service answers the peers alone, over mutual TLS', () => {
  let network: NetworkMap;
  let trustService: { ca: Buffer };
  let tlsAuthority: string;
  let sz: OrgConnection;
  let hk: OrgConnection;

  let endpoint: string;

  before(() => {
    network = readNetworkMap();
    const service = network.chaincodeService;
    // On the hosts topology each organisation's service listens on its own host's loopback, out of this process's reach.
    if (service === null) throw new Error(`this suite needs the single-host topology's shared chaincode service; the network is '${network.topology}'`);
    endpoint = service.endpoint;
    trustService = { ca: readFileSync(service.tlsCaCert) };
    tlsAuthority = `https://${endpoint}`;
    [sz, hk] = [connectAs('SZBank', { network }), connectAs('HKBank', { network })];
  });
  after(() => [sz, hk].forEach((connection) => connection.close()));

  it('runs the chaincode for the peers: both banks send a payment with its details, and it is MATCHED', async () => {
    const uetr = newUetr();
    await submitSides(sz, [szDebtorSide(uetr)], [sz, hk]);
    const matched = await submitSides(hk, [hkCreditorSide(uetr)], [sz, hk]);
    assert.equal(matched.changes[0].status, 'MATCHED');
    assert.equal((await getPayment(hk, uetr)).status, 'MATCHED');
  });

  it("answers a TLS client holding a peer's certificate", async () => {
    const peer = peerOrg(network, 'SZBank').peerChaincodeClient;
    const outcome = await requestChaincodeService(tlsAuthority, { ...trustService, cert: readFileSync(peer.cert), key: readFileSync(peer.key) });
    assert.deepEqual(outcome, { secured: true, grpcStatus: '12' });
  });

  it('refuses a plaintext connection', async () => {
    // Something must listen for a refusal to mean anything: with no service at all a plaintext request fails too.
    assert.ok(await acceptsConnections(endpoint), `nothing listens on ${endpoint}`);
    const outcome = await requestChaincodeService(`http://${endpoint}`);
    assert.equal(outcome.grpcStatus, undefined, `answered in plaintext: ${JSON.stringify(outcome)}`);
    // The service read the request as a TLS record that is not one, and hung up without a word.
    assert.deepEqual(outcome, { secured: false, refusal: 'closed' });
  });

  it('refuses a TLS client that presents no certificate', async () => {
    assert.deepEqual(await requestChaincodeService(tlsAuthority, trustService),
      { secured: true, refusal: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' });
  });

  it("refuses a TLS client whose certificate another CA issued: a bank's own client identity", async () => {
    const bankUser = peerOrg(network, 'SZBank').user;
    const outcome = await requestChaincodeService(tlsAuthority, { ...trustService, cert: readFileSync(bankUser.cert), key: readFileSync(bankUser.key) });
    // The service checks the certificate once the handshake is done and then drops the connection without an
    // alert: the client sees it closed or reset, depending on what of the request it had already sent.
    assert.equal(outcome.secured, true, `no TLS handshake: ${JSON.stringify(outcome)}`);
    assert.equal(outcome.grpcStatus, undefined, `answered: ${JSON.stringify(outcome)}`);
  });
});
