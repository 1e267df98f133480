// The one domain module allowed node:crypto (see eslint.config.mjs): Ed25519 signing has no
// synchronous pure-TypeScript counterpart worth owning, and the signature is computed by Node
// on the server and checked by Node in the offline command.
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

import { AppError, ErrorCode } from '@dz/contracts';

import { canonicalCertificate, type CertificateContent } from './certificate-content';
import { readCertificateFile } from './certificate-record';

/**
 * Ed25519 keys for certificates. The private key lives in the environment as a 32-byte seed in
 * base64 (what generateCertificateKeyPair returns as `seedBase64`); the public key is published
 * as PEM and named by its keyId, so a certificate says which key signed it and keys can rotate.
 */

export interface CertificateKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** First 16 hex characters of SHA-256 of the raw 32-byte public key. */
  keyId: string;
}

/** PKCS#8 DER of an Ed25519 private key is this 16-byte header followed by the 32-byte seed (RFC 8410). */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** SPKI DER of an Ed25519 public key is this 12-byte header followed by the raw 32-byte key. */
const SPKI_ED25519_PREFIX_LENGTH = 12;
const SEED_BYTES = 32;
const SEED_TEXT = /^[A-Za-z0-9+/_-]{43}=?$/;

/** 16 lowercase hex characters naming an Ed25519 public key: sha256(raw key) truncated. */
export function certificateKeyId(publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der.subarray(SPKI_ED25519_PREFIX_LENGTH)).digest('hex').slice(0, 16);
}

/** The key pair for a base64 (or base64url) 32-byte seed; throws a Chinese validation error otherwise. */
export function certificateKeyFromSeed(seedBase64: string): CertificateKeyPair {
  const text = seedBase64.trim();
  if (!SEED_TEXT.test(text)) {
    throw new AppError(ErrorCode.ValidationFailed, '证书签名密钥种子应为 32 字节的 Base64 文本（44 个字符）');
  }
  const seed = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (seed.length !== SEED_BYTES) {
    throw new AppError(ErrorCode.ValidationFailed, '证书签名密钥种子应为 32 字节的 Base64 文本（44 个字符）');
  }
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: certificateKeyId(publicKey) };
}

/** A fresh key pair and its seed (base64, to put in the environment). */
export function generateCertificateKeyPair(): CertificateKeyPair & { seedBase64: string } {
  const seedBase64 = randomBytes(SEED_BYTES).toString('base64');
  return { ...certificateKeyFromSeed(seedBase64), seedBase64 };
}

/** The public key as SPKI PEM (`-----BEGIN PUBLIC KEY-----`), as GET /api/public/certificates/key.pem serves it. */
export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** Reads an Ed25519 public key from PEM; throws a Chinese validation error for anything else. */
export function certificatePublicKeyFromPem(pem: string): { publicKey: KeyObject; keyId: string } {
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new AppError(ErrorCode.ValidationFailed, '公钥无法读取：应为 PEM 格式（-----BEGIN PUBLIC KEY-----）');
  }
  if (publicKey.asymmetricKeyType !== 'ed25519') {
    throw new AppError(ErrorCode.ValidationFailed, '公钥不是 Ed25519 公钥');
  }
  return { publicKey, keyId: certificateKeyId(publicKey) };
}

/** Ed25519 signature of canonicalCertificate(content), base64 (88 characters). */
export function signCertificate(content: CertificateContent, privateKey: KeyObject): string {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new AppError(ErrorCode.ValidationFailed, '证书签名需要 Ed25519 私钥');
  }
  return sign(null, Buffer.from(canonicalCertificate(content), 'utf8'), privateKey).toString('base64');
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** True only when `signatureBase64` is a valid Ed25519 signature of the content under `publicKey`; never throws. */
export function verifyCertificate(content: CertificateContent, signatureBase64: string, publicKey: KeyObject): boolean {
  try {
    if (typeof signatureBase64 !== 'string' || !BASE64.test(signatureBase64)) return false;
    if (publicKey.asymmetricKeyType !== 'ed25519') return false;
    const signature = Buffer.from(signatureBase64, 'base64');
    if (signature.length !== 64) return false;
    return verify(null, Buffer.from(canonicalCertificate(content), 'utf8'), publicKey, signature);
  } catch {
    return false;
  }
}

/** What checking a certificate file found; `message` is Chinese, for people. */
export type CertificateFileCheck =
  | { status: 'valid'; source: 'pdf' | 'json'; content: CertificateContent; keyId: string }
  | { status: 'invalid'; source: 'pdf' | 'json'; content: CertificateContent; keyId: string; message: string }
  | { status: 'unreadable'; message: string };

/**
 * Checks a certificate file (our PDF, or the public API's JSON record) against a public key in
 * PEM, with no network and no database: `valid` when the signature holds, `invalid` when it
 * does not (content changed, or signed by another key), `unreadable` when the file or key
 * cannot be read as one.
 */
export function verifyCertificateFile(bytes: Uint8Array, publicKeyPemText: string): CertificateFileCheck {
  let key: { publicKey: KeyObject; keyId: string };
  try {
    key = certificatePublicKeyFromPem(publicKeyPemText);
  } catch (error) {
    return { status: 'unreadable', message: error instanceof AppError ? error.message : '公钥无法读取' };
  }
  const read = readCertificateFile(bytes);
  if (!read.ok) return { status: 'unreadable', message: read.message };
  const source = read.source ?? 'json';
  const { content, signature, keyId } = read.record;
  if (content.keyId === key.keyId && verifyCertificate(content, signature, key.publicKey)) {
    return { status: 'valid', source, content, keyId };
  }
  const message =
    content.keyId !== key.keyId
      ? `签名无效：证书由密钥 ${content.keyId} 签发，所给公钥为 ${key.keyId}，请取得对应的公钥`
      : '签名无效（内容可能被篡改）';
  return { status: 'invalid', source, content, keyId, message };
}
