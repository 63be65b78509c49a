import { RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { checkKeyRing, PHOTO_LINK_KEYS_ENV, type KmsLinkKey, type LinkKeyVersion } from '../../shared/photos/link-keys';
import type { HouqinFunction } from './houqin-function';

/** The key ring of a stack that names none: one active version. */
export const DEFAULT_PHOTO_LINK_KEYS: readonly LinkKeyVersion[] = [{ version: 'v1', status: 'active' }];

export interface PhotoLinkKeysProps {
  /** The versions of the ring and their status (the environment file's `photoLinkKeys`). */
  readonly versions?: readonly LinkKeyVersion[];
}

/**
 * The photo-link key ring on KMS (shared/photos/link-keys.ts): one HMAC_256 key
 * (GENERATE_VERIFY_MAC) per version. A revoked version's key is disabled (KMS refuses it at once,
 * warm functions included) and granted to nobody; keys are retained when a version leaves the
 * list, so a mistaken edit never destroys a key whose links are still out.
 *
 * `bind(fn, 'sign')`: kms:GenerateMac on the active key; `bind(fn, 'verify')`: kms:VerifyMac on
 * the active and verify-only keys. Each sets PHOTO_LINK_KEYS to exactly those versions.
 */
export class PhotoLinkKeys extends Construct {
  readonly versions: readonly LinkKeyVersion[];
  readonly keys = new Map<string, Key>();

  constructor(scope: Construct, id: string, props: PhotoLinkKeysProps = {}) {
    super(scope, id);
    this.versions = checkKeyRing(props.versions ?? DEFAULT_PHOTO_LINK_KEYS);
    for (const { version, status } of this.versions) {
      this.keys.set(
        version,
        new Key(this, `Key-${version}`, {
          description: `Houqin photo links, key version ${version} (${status})`,
          keySpec: KeySpec.HMAC_256,
          keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
          enabled: status !== 'revoked',
          removalPolicy: RemovalPolicy.RETAIN,
        }),
      );
    }
  }

  /** The versions a function that signs (`sign`) or checks (`verify`) links may use. */
  usable(use: 'sign' | 'verify'): LinkKeyVersion[] {
    return this.versions.filter((v) => (use === 'sign' ? v.status === 'active' : v.status !== 'revoked'));
  }

  /** Grants `fn` its MAC action on the keys it may use and tells it their ARNs (PHOTO_LINK_KEYS). */
  bind(fn: HouqinFunction, use: 'sign' | 'verify'): void {
    const usable = this.usable(use).map((v): KmsLinkKey & { key: Key } => {
      const key = this.keys.get(v.version)!;
      return { ...v, keyArn: key.keyArn, key };
    });
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [use === 'sign' ? 'kms:GenerateMac' : 'kms:VerifyMac'],
        resources: usable.map((v) => v.keyArn),
      }),
    );
    fn.function.addEnvironment(
      PHOTO_LINK_KEYS_ENV,
      JSON.stringify(usable.map(({ version, status, keyArn }) => ({ version, status, keyArn }))),
    );
  }
}
