import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, HeadBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESClient } from '@aws-sdk/client-ses';
import { TABLE_SHAPE } from '../../shared/db/table';

// The SDK clients are configured only by the environment global set-up left behind, exactly
// as the handlers' clients are: if these pass, a handler under test reaches the emulators.
describe('integration emulators (jest global set-up)', () => {
  const dynamodb = new DynamoDBClient({});
  const s3 = new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true' });
  const ses = new SESClient({});

  afterAll(() => {
    dynamodb.destroy();
    s3.destroy();
    ses.destroy();
  });

  it('sets every variable the handlers read, pointing at 127.0.0.1', () => {
    // Prepare
    const names = [
      'TABLE_NAME',
      'BUCKET_NAME',
      'EVENT_BUS_NAME',
      'SENDER_ADDRESS',
      'AWS_REGION',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
    ];
    const endpoints = ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_SES'];
    // Act
    const missing = [...names, ...endpoints].filter((name) => !process.env[name]);
    // Assess
    expect(missing).toEqual([]);
    for (const name of endpoints) expect(process.env[name]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(process.env.S3_FORCE_PATH_STYLE).toBe('true');
  });

  it('has created the table with the key schema and every global secondary index of TABLE_SHAPE', async () => {
    // Act
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: process.env.TABLE_NAME }));
    // Assess
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: TABLE_SHAPE.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: TABLE_SHAPE.sortKey.name, KeyType: 'RANGE' },
    ]);
    const indexes = Object.fromEntries(
      (Table?.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName, index.KeySchema]),
    );
    const expected = Object.fromEntries(
      Object.entries(TABLE_SHAPE.indexes).map(([name, index]) => [
        name,
        [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
      ]),
    );
    expect(indexes).toEqual(expected);
  });

  it('has created the photo bucket, which stores and returns an object', async () => {
    // Prepare
    const Bucket = process.env.BUCKET_NAME;
    const Key = `emulators-test/${Date.now()}.txt`;
    // Act
    await s3.send(new HeadBucketCommand({ Bucket }));
    await s3.send(new PutObjectCommand({ Bucket, Key, Body: '后勤', ContentType: 'text/plain; charset=utf-8' }));
    const object = await s3.send(new GetObjectCommand({ Bucket, Key }));
    // Assess
    expect(await object.Body?.transformToString('utf8')).toBe('后勤');
  });

  it('accepts mail on the SES endpoint and lists it in the mail viewer store', async () => {
    // Prepare
    const subject = `emulators test ${Date.now()}`;
    // Act
    const sent = await ses.send(
      new SendEmailCommand({
        Source: process.env.SENDER_ADDRESS,
        Destination: { ToAddresses: ['official@example.cn'] },
        Message: { Subject: { Data: subject }, Body: { Text: { Data: '测试' } } },
      }),
    );
    const store = (await (await fetch(`${process.env.AWS_ENDPOINT_URL_SES}/store`)).json()) as {
      emails: { subject: string }[];
    };
    // Assess
    expect(sent.MessageId).toBeTruthy();
    expect(store.emails.map((email) => email.subject)).toContain(subject);
  });
});
