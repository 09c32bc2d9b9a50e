// The service runs on Node.js 24 LTS (node:sqlite, type stripping). npm scripts use the Node that
// `npm install` brought into node_modules/.bin; anything else gets a clear message, not a 500 later.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  process.stderr.write(
    `This service needs Node.js 24 LTS, but it is running on Node.js ${process.versions.node}.\n` +
      'Run it through npm (npm start, npm test), which uses the Node.js 24 installed by npm install,\n' +
      'or install Node.js 24 and run it directly.\n',
  );
  process.exit(1);
}
