/**
 * Stands in for `@aws-sdk/credential-provider-node` in the bundle (esbuild `alias` in serverless.yml).
 * Lambda hands the function its role's credentials in environment variables, so the node chain's other sources
 * (SSO, ini files, the EC2 metadata service, web identity, and the STS/SSO clients behind them) are dead weight:
 * about 100 KB of the bundle and part of every cold start. Outside the bundle (tests, tsc output) the SDK keeps its
 * default chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
