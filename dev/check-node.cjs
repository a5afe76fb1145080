// Runs before every npm script, in the oldest syntax any Node understands: older Nodes cannot
// even load the project's .ts entry points, and would fail with ERR_UNKNOWN_FILE_EXTENSION.
var parts = process.versions.node.split('.').map(Number);
var major = parts[0];
var minor = parts[1];
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    'Node >= 22.12 is needed (you have ' +
      process.versions.node +
      '). Without nvm: ' +
      'npm install --prefix .node node@24 && export PATH="$PWD/.node/node_modules/.bin:$PATH"\n',
  );
  process.exit(1);
}
