import { dynamoDocumentClient, s3Client } from '../shared/adapters/clients';
import { DynamoExportJobs } from '../shared/adapters/dynamo-export-jobs';
import { DynamoSubjectStore } from '../shared/adapters/dynamo-subject-store';
import { S3ExportObjects } from '../shared/adapters/s3-export-objects';
import { loadEnv } from '../shared/config/env';
import { subjectExportEnv } from '../shared/config/env-ops';
import { createSubjectExportHandler } from '../shared/jobs/subject-export';

const env = loadEnv(subjectExportEnv);
const db = dynamoDocumentClient();

export const handler = createSubjectExportHandler({
  store: new DynamoSubjectStore(db, env.CONTACTS_TABLE),
  objects: new S3ExportObjects(s3Client(), env.RECORDINGS_BUCKET),
  jobs: new DynamoExportJobs(db, env.CONTACTS_TABLE),
  maxBytes: env.EXPORT_MAX_BYTES,
});
