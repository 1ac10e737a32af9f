/** CDK entry point (cdk.json): `npm run synth`. The app itself is built in create-app.ts. */
import { createApp } from './create-app.ts';

createApp();
