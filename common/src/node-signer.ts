import { createPrivateKey, KeyObject, sign } from 'node:crypto';

// Order of the P-256 group: Fabric accepts only low-S signatures (s <= n/2), as Bitcoin does, so that a
// signature cannot be malleated into a second valid one.
const P256_ORDER = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
const HALF_ORDER = P256_ORDER >> 1n;

/**
 * A fabric-gateway signer that signs with Node's native crypto (OpenSSL). The gateway's default signer is
 * pure JavaScript and cost a third of the client's CPU under load. Use with `hash: hash.none`: the signer
 * receives the whole message and hashes it with SHA-256 itself.
 */
export function newNodeSigner(privateKeyPem: string): (message: Uint8Array) => Promise<Uint8Array> {
  const key: KeyObject = createPrivateKey(privateKeyPem);
  return async (message) => {
    const raw = sign('sha256', message, { key, dsaEncoding: 'ieee-p1363' });
    const r = BigInt('0x' + raw.subarray(0, 32).toString('hex'));
    let s = BigInt('0x' + raw.subarray(32).toString('hex'));
    if (s > HALF_ORDER) {
      s = P256_ORDER - s;
    }
    return derSignature(r, s);
  };
}

function derInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let bytes = Buffer.from(hex, 'hex');
  // DER integers are signed: a leading byte with the top bit set needs a zero in front.
  if (bytes[0] & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

function derSignature(r: bigint, s: bigint): Uint8Array {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}
