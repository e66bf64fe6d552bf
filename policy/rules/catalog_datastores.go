package rules

// dataStoreRules cover the data stores a team adds beyond the shipped
// estate (issue 14): RDS instances, global clusters and proxies,
// ElastiCache, EFS, DynamoDB, OpenSearch, Redshift. IDs 20-49 in each group.
var dataStoreRules = []*Rule{}
