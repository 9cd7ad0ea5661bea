// Runs the fake GitHub standalone, for trying the extension by hand:
//   node test/fakes/githubServerCli.mjs [--port N]
// then set kata.github.enterpriseUrl to the printed URL and use the printed token.
// (Kept apart from githubServer.mjs, which the in-host suite bundles as CommonJS.)
import { DEFAULT_LOGIN, DEFAULT_TOKEN, startGitHubServer } from './githubServer.mjs';

const i = process.argv.indexOf('--port');
const server = await startGitHubServer({ port: i > 0 ? Number(process.argv[i + 1]) : 0 });
console.log(`fake GitHub at ${server.url} (kata.github.enterpriseUrl), token ${DEFAULT_TOKEN} (@${DEFAULT_LOGIN})`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
