package rules

// workloadRules cover the workloads, APIs, streams and grants a team adds
// beyond the shipped estate (issue 14): Lambda, API Gateway, SQS, Kinesis,
// Firehose, SageMaker, CodeBuild,
// Secrets Manager policies, SNS subscriptions, ECS
// task definition extras. IDs 50-69 in each group.
var workloadRules = []*Rule{}
