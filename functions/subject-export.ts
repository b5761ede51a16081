import { dynamoDocumentClient } from '../shared/kernel/dynamo-client';
import { loadEnv } from '../shared/kernel/env';
import { s3Client } from '../shared/kernel/s3-client';
import { DynamoExportJobs } from '../shared/subjects/dynamo-export-jobs';
import { DynamoSubjectStore } from '../shared/subjects/dynamo-subject-store';
import { subjectExportEnv } from '../shared/subjects/env';
import { createSubjectExportHandler } from '../shared/subjects/export-handler';
import { S3ExportObjects } from '../shared/subjects/s3-export-objects';

const env = loadEnv(subjectExportEnv);
const db = dynamoDocumentClient();

export const handler = createSubjectExportHandler({
  store: new DynamoSubjectStore(db, env.CONTACTS_TABLE),
  objects: new S3ExportObjects(s3Client(), env.RECORDINGS_BUCKET),
  jobs: new DynamoExportJobs(db, env.CONTACTS_TABLE),
  maxBytes: env.EXPORT_MAX_BYTES,
});
