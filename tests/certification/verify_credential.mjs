// Verifies a credential with Digital Bazaar's independent implementation of VC 2.0, Data
// Integrity and eddsa-rdfc-2022, and checks its Bitstring Status List entry. Called by
// tests/certification/test_badges_verification.py:
//   node verify_credential.mjs CREDENTIAL.json [STATUS_LIST_CREDENTIAL.json]
// Prints {"verified": bool, "revoked": bool | null, "errors": [...]}. Nothing is fetched: the
// loader knows the standard contexts and did:key, and is handed the status list.
import {readFileSync} from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {securityLoader} from '@digitalcredentials/security-document-loader';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';

const [credentialPath, statusListPath] = process.argv.slice(2);
const credential = JSON.parse(readFileSync(credentialPath, 'utf8'));
const loader = securityLoader({fetchRemoteContexts: false});
let statusList = null;
if(statusListPath) {
  statusList = JSON.parse(readFileSync(statusListPath, 'utf8'));
  loader.addStatic(statusList.id, statusList);
}
const documentLoader = loader.build();
const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});

const errors = [];
let revoked = null;
const result = await vc.verifyCredential({credential, suite, documentLoader, checkStatus: async () => ({verified: true})});
if(!result.verified) {
  errors.push(...(result.error?.errors || [result.error]).map(e => String(e?.message || e)));
}
if(statusList) {
  const status = await checkStatus({
    credential, documentLoader, suite, verifyStatusListCredential: true, verifyMatchingIssuers: true
  });
  if(status.error) {
    errors.push(String(status.error.message || status.error));
  } else {
    // One result per status entry; `status: true` means the bit is set: revoked.
    revoked = status.results.some(r => r.status === true);
  }
}
console.log(JSON.stringify({verified: result.verified, revoked, errors}));
