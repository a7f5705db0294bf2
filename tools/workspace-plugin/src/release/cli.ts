import { checkRelease, formatReport } from './release-dry.js';

const reports = checkRelease(process.cwd());
console.log(formatReport(reports));
process.exitCode = reports.some((report) => report.problems.length > 0) ? 1 : 0;
