import { runApp } from './app-lifecycle.ts';

runApp(process.argv);
