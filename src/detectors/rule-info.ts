/**
 * What each rule of the built-in detectors reports, for reports that describe
 * rules apart from their findings (SARIF's rule metadata). The provider rules
 * carry theirs in `patterns/*.yaml`. A test checks that every id the detectors
 * report is here.
 */
export interface DetectorRuleInfo {
  readonly title: string;
  /** One or two sentences: what a finding of this rule is. */
  readonly description: string;
  readonly docs?: string;
  /** A policy rule: a practice to change, not a leaked secret to rotate. */
  readonly policy?: true;
}

const K8S_SECRETS = 'https://kubernetes.io/docs/concepts/configuration/secret/';
const K8S_ENCRYPTION = 'https://kubernetes.io/docs/tasks/administer-cluster/encrypt-data/';

export const DETECTOR_RULES: Readonly<Record<string, DetectorRuleInfo>> = {
  'generic-password': {
    title: 'Password in code or configuration',
    description: 'A literal password assigned to a name that holds one (password, passwd, pwd, ...), judged by its form: not a placeholder, a reference or a template.',
  },
  'generic-secret': {
    title: 'Secret assigned to a secret-like name',
    description: 'A literal value with the entropy of a key or token, assigned to a name such as secret, token or api_key, in a format that no provider rule knows.',
  },
  'k8s-secret-value': {
    title: 'Secret value in a Kubernetes Secret',
    description: 'A value of a Kubernetes Secret (data, decoded from base64, or stringData) under a secret-like key. Base64 is an encoding, not encryption: anyone who reads the manifest reads the secret.',
    docs: K8S_SECRETS,
  },
  'k8s-secret-malformed': {
    title: 'Kubernetes Secret data that is not valid base64',
    description: 'A value under data: of a Secret that is not valid base64. The API server would reject it, and it cannot be checked for secrets.',
    docs: K8S_SECRETS,
  },
  'k8s-registry-credential': {
    title: 'Container registry credential in a Kubernetes Secret',
    description: 'A password or auth (base64 user:password) in the .dockerconfigjson or .dockercfg of a Kubernetes Secret.',
    docs: `${K8S_SECRETS}#docker-config-secrets`,
  },
  'kubeconfig-credential': {
    title: 'Credential in a kubeconfig',
    description: 'A client key (client-key-data), token or password of a user in a kubeconfig: it logs in to the cluster.',
    docs: 'https://kubernetes.io/docs/concepts/configuration/organize-cluster-access-kubeconfig/',
  },
  'k8s-encryption-key': {
    title: 'Encryption key in an EncryptionConfiguration',
    description: 'A key that the API server uses to encrypt Secrets at rest: whoever holds it can decrypt them.',
    docs: K8S_ENCRYPTION,
  },
  'k8s-env-secret': {
    title: 'Secret in a container environment variable',
    description: 'A literal value under a secret-like name in the env of a container: it is in the manifest, and in every copy of it.',
    docs: `${K8S_SECRETS}#using-secrets-as-environment-variables`,
  },
  'kustomize-secret-literal': {
    title: 'Secret literal in a kustomize secretGenerator',
    description: 'A literal of a kustomize secretGenerator under a secret-like name: the generated Secret holds it, and so does the repository.',
    docs: 'https://kubernetes.io/docs/tasks/configmap-secret/managing-secret-using-kustomize/',
  },
  'helm-values-secret': {
    title: 'Secret in Helm values',
    description: 'A literal value under a secret-like key in a Helm values file.',
  },
  'private-key-in-code': {
    title: 'Private key assembled from string literals in code',
    description: 'A PEM private key written as string literals joined in source code (concatenation, implicit joining, an array): decoded and whole, it is a private key in clear.',
  },
  'private-key-store': {
    title: 'Key store that a known or empty password opens',
    description: 'A key store (PKCS#12, JKS, ...) whose password is empty, a well-known default, or written next to it: its private keys are readable by anyone.',
  },
  'registry-credential': {
    title: 'Container registry credential',
    description: 'A base64 user:password in the auth of a Docker or Podman registry configuration.',
  },
  'rails-master-key': {
    title: 'Rails master key',
    description: 'The key that decrypts the Rails credentials file (config/master.key or a credentials key).',
    docs: 'https://guides.rubyonrails.org/security.html#custom-credentials',
  },
  'ansible-vault-password-file': {
    title: 'Ansible vault password file',
    description: 'A file holding the password of Ansible vaults: it decrypts every vault in the repository.',
    docs: 'https://docs.ansible.com/ansible/latest/vault_guide/vault_managing_passwords.html',
  },
  'k8s-native-secret': {
    title: 'Kubernetes Secret with inline data',
    description: 'A native Secret with its values in the repository, where the files use no external secret store (SecretProviderClass, SecretStore).',
    docs: K8S_SECRETS,
    policy: true,
  },
  'k8s-secret-env': {
    title: 'Secret consumed as an environment variable',
    description: 'A container reads a Secret into its environment, where child processes, crash reports and logs can see it; a mounted volume keeps it to a file.',
    docs: `${K8S_SECRETS}#using-secrets-as-environment-variables`,
    policy: true,
  },
  'k8s-rbac-secret-read': {
    title: 'Role that can read Secrets',
    description: 'A Role or ClusterRole granting get, list or watch on secrets: whoever is bound to it reads every Secret in its scope.',
    docs: 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/',
    policy: true,
  },
  'k8s-encryption-identity-first': {
    title: 'Secrets stored unencrypted (identity provider first)',
    description: 'An EncryptionConfiguration whose first provider is identity: new Secrets are written to etcd unencrypted.',
    docs: K8S_ENCRYPTION,
    policy: true,
  },
};
