/**
 * The import arrows of ../shared/ARCHITECTURE.md, enforced: a package may import only the packages listed
 * for it, only by name (never by a relative path into another package), and nothing may form a cycle.
 */
const allowed = {
  kernel: [],
  config: ['kernel'],
  contracts: ['kernel'],
  db: ['kernel', 'config'],
  sip: ['kernel'],
  sdp: ['kernel'],
  media: ['kernel'],
  switch: ['sip', 'sdp', 'media', 'kernel'],
  vxml: ['kernel'],
  acd: ['kernel'],
  dialer: ['kernel'],
  cti: ['acd', 'dialer', 'vxml', 'switch', 'contracts', 'kernel'],
  crm: ['db', 'contracts', 'kernel'],
  reports: ['db', 'contracts', 'kernel'],
  'agent-sdk': ['contracts', 'kernel'],
};
const all = Object.keys(allowed);

const packageRules = Object.entries(allowed).map(([pkg, deps]) => {
  const forbidden = all.filter((p) => p !== pkg && !deps.includes(p));
  return {
    name: `arrows-${pkg}`,
    comment: `packages/${pkg} may import only: ${deps.join(', ') || 'nothing'} (ARCHITECTURE.md)`,
    severity: 'error',
    from: { path: `^packages/${pkg}/` },
    to: { path: forbidden.length ? `^packages/(${forbidden.join('|')})/` : '^$' },
  };
});

module.exports = {
  forbidden: [
    ...packageRules,
    {
      name: 'packages-not-apps',
      comment: 'packages never import the apps',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'console-only-contracts-and-sdk',
      comment: 'apps/console may import only contracts and agent-sdk among the packages',
      severity: 'error',
      from: { path: '^apps/console/' },
      to: { path: '^packages/(?!contracts/|agent-sdk/|kernel/)' },
    },
    {
      name: 'by-name-only',
      comment: 'import another package by its name and exports, never by a relative path into its src',
      severity: 'error',
      from: { path: '^(packages|apps)/([^/]+)/' },
      to: {
        path: '^(packages|apps)/',
        pathNot: '^$1/$2/',
        dependencyTypes: ['local'],
        dependencyTypesNot: ['aliased-workspace'],
      },
    },
    {
      name: 'no-cycles',
      comment: 'no runtime import cycles (type-only imports cannot create an initialisation-order cycle)',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|conformance)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js'],
    },
    combinedDependencies: true,
  },
};
