/** What `npm run jobs -- watch` prints (scripts/progress.ts), and the demo data the examples run on. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_MANIFESTS, DEMO_SOURCE_BUCKET, etagOf } from '../../scripts/demo-storage';
import { closingLines, progressLine } from '../../scripts/progress';

describe('progressLine', () => {
  it('draws the share of tasks run, the counts and the status', () => {
    expect(progressLine({ status: 'Active', total: 1000, succeeded: 440, failed: 10 }, 20)).toBe(
      '[#########...........]  45%  450/1000 tasks (440 succeeded, 10 failed)  Active',
    );
  });
  it('says the manifest is being counted before the total is known', () => {
    expect(progressLine({ status: 'Preparing', total: 0, succeeded: 0, failed: 0 }, 10)).toBe('[..........]   0%  counting the manifest  Preparing');
  });
  it('shows a finished job with no task as full, and never more than full', () => {
    expect(progressLine({ status: 'Complete', total: 0, succeeded: 0, failed: 0 }, 4)).toBe('[####] 100%  no tasks  Complete');
    expect(progressLine({ status: 'Active', total: 2, succeeded: 3, failed: 0 }, 4)).toBe('[####] 100%  3/2 tasks (3 succeeded, 0 failed)  Active');
  });
});

describe('closingLines', () => {
  const report = { bucket: 'b-1250000000', folder: 'reports/job-j1/' };
  it('names the report and how to read it from the local store', () => {
    expect(closingLines({ status: 'Complete', reason: 'Job complete', total: 2, succeeded: 2, failed: 0, report }, 'http://127.0.0.1:4569')).toEqual([
      'Job Complete: Job complete',
      'Report: s3://b-1250000000/reports/job-j1/manifest.json (result files under reports/job-j1/results/)',
      '  read it: curl -s http://127.0.0.1:4569/b-1250000000/reports/job-j1/manifest.json',
    ]);
  });
  it('gives the failure, and says when no report was written or none was asked for', () => {
    expect(closingLines({ status: 'Failed', total: 0, succeeded: 0, failed: 0, failure: { code: 'ManifestNotFound', reason: 'gone' }, report }, undefined)).toEqual([
      'Job Failed',
      'Failure: ManifestNotFound: gone',
      'Report: none written (no task ran)',
    ]);
    expect(closingLines({ status: 'Cancelled', total: 5, succeeded: 0, failed: 0 }, undefined)).toEqual(['Job Cancelled', 'Report: not enabled for this job']);
  });
});

describe('the examples and the demo storage npm start seeds', () => {
  const example = (name: string) => readFileSync(path.join(__dirname, '..', '..', 'examples', name), 'utf8');
  it.each([
    ['copy.xml', 'manifests/objects.csv'],
    ['tagging.xml', 'manifests/objects.csv'],
    ['restore.xml', 'manifests/archived.csv'],
  ])('%s names a seeded manifest by its real ETag', (file, key) => {
    const xml = example(file);
    expect(xml).toContain(`<ObjectArn>qcs::cos:ap-guangzhou::${DEMO_SOURCE_BUCKET}/${key}</ObjectArn>`);
    expect(xml).toContain(`<ETag>"${etagOf(DEMO_MANIFESTS[key]!)}"</ETag>`);
  });
});
