package report

// Control titles, so a control row reads as the regulation does.
//
// HIPAA: the standards and implementation specifications of the Security
// Rule, 45 CFR Part 164 Subpart C (164.308 administrative, 164.310
// physical, 164.312 technical safeguards, 164.314 organizational
// requirements, 164.316 policies and documentation), keyed as the catalog
// writes them, without "164.". A standard's title also keys its "(i)"
// paragraph, which restates it.
//
// SOC 2: the AICPA 2017 Trust Services Criteria (revised points of focus,
// 2022, leave the criteria unchanged), each criterion in a short form of
// its text.

// HIPAATitle is the title of a Security Rule section ("" when unknown).
func HIPAATitle(section string) string { return hipaaTitles[section] }

// SOC2Title is the short title of a Trust Services criterion ("" when unknown).
func SOC2Title(criterion string) string { return soc2Titles[criterion] }

var hipaaTitles = map[string]string{
	"308(a)(1)":        "Security management process",
	"308(a)(1)(i)":     "Security management process",
	"308(a)(1)(ii)(A)": "Risk analysis",
	"308(a)(1)(ii)(B)": "Risk management",
	"308(a)(1)(ii)(C)": "Sanction policy",
	"308(a)(1)(ii)(D)": "Information system activity review",
	"308(a)(2)":        "Assigned security responsibility",
	"308(a)(3)":        "Workforce security",
	"308(a)(3)(i)":     "Workforce security",
	"308(a)(3)(ii)(A)": "Authorization and/or supervision",
	"308(a)(3)(ii)(B)": "Workforce clearance procedure",
	"308(a)(3)(ii)(C)": "Termination procedures",
	"308(a)(4)":        "Information access management",
	"308(a)(4)(i)":     "Information access management",
	"308(a)(4)(ii)(A)": "Isolating health care clearinghouse functions",
	"308(a)(4)(ii)(B)": "Access authorization",
	"308(a)(4)(ii)(C)": "Access establishment and modification",
	"308(a)(5)":        "Security awareness and training",
	"308(a)(5)(i)":     "Security awareness and training",
	"308(a)(5)(ii)(A)": "Security reminders",
	"308(a)(5)(ii)(B)": "Protection from malicious software",
	"308(a)(5)(ii)(C)": "Log-in monitoring",
	"308(a)(5)(ii)(D)": "Password management",
	"308(a)(6)":        "Security incident procedures",
	"308(a)(6)(i)":     "Security incident procedures",
	"308(a)(6)(ii)":    "Response and reporting",
	"308(a)(7)":        "Contingency plan",
	"308(a)(7)(i)":     "Contingency plan",
	"308(a)(7)(ii)(A)": "Data backup plan",
	"308(a)(7)(ii)(B)": "Disaster recovery plan",
	"308(a)(7)(ii)(C)": "Emergency mode operation plan",
	"308(a)(7)(ii)(D)": "Testing and revision procedures",
	"308(a)(7)(ii)(E)": "Applications and data criticality analysis",
	"308(a)(8)":        "Evaluation",
	"308(b)(1)":        "Business associate contracts and other arrangements",
	"308(b)(3)":        "Written contract or other arrangement",

	"310(a)(1)":      "Facility access controls",
	"310(a)(2)(i)":   "Contingency operations",
	"310(a)(2)(ii)":  "Facility security plan",
	"310(a)(2)(iii)": "Access control and validation procedures",
	"310(a)(2)(iv)":  "Maintenance records",
	"310(b)":         "Workstation use",
	"310(c)":         "Workstation security",
	"310(d)(1)":      "Device and media controls",
	"310(d)(2)(i)":   "Disposal",
	"310(d)(2)(ii)":  "Media re-use",
	"310(d)(2)(iii)": "Accountability",
	"310(d)(2)(iv)":  "Data backup and storage",

	"312(a)(1)":      "Access control",
	"312(a)(2)(i)":   "Unique user identification",
	"312(a)(2)(ii)":  "Emergency access procedure",
	"312(a)(2)(iii)": "Automatic logoff",
	"312(a)(2)(iv)":  "Encryption and decryption",
	"312(b)":         "Audit controls",
	"312(c)(1)":      "Integrity",
	"312(c)(2)":      "Mechanism to authenticate electronic protected health information",
	"312(d)":         "Person or entity authentication",
	"312(e)(1)":      "Transmission security",
	"312(e)(2)(i)":   "Integrity controls",
	"312(e)(2)(ii)":  "Encryption",

	"314(a)(1)": "Business associate contracts or other arrangements",
	"314(b)(1)": "Requirements for group health plans",

	"316(a)":    "Policies and procedures",
	"316(b)(1)": "Documentation",
	// Privacy Rule: a rule that keeps PHI out of logs cites the minimum
	// necessary standard.
	"502(b)":         "Minimum necessary",
	"316(b)(2)(i)":   "Time limit",
	"316(b)(2)(ii)":  "Availability",
	"316(b)(2)(iii)": "Updates",
}

var soc2Titles = map[string]string{
	"CC1.1": "Commitment to integrity and ethical values",
	"CC1.2": "Board independence and oversight of internal control",
	"CC1.3": "Structures, reporting lines, authorities and responsibilities",
	"CC1.4": "Commitment to competent individuals",
	"CC1.5": "Accountability for internal control responsibilities",

	"CC2.1": "Relevant, quality information supports internal control",
	"CC2.2": "Internal communication of internal control information",
	"CC2.3": "Communication with external parties",

	"CC3.1": "Objectives specified to identify and assess risks",
	"CC3.2": "Risks identified and analysed",
	"CC3.3": "Potential for fraud considered",
	"CC3.4": "Changes that could impact internal control identified and assessed",

	"CC4.1": "Ongoing and/or separate evaluations of internal control",
	"CC4.2": "Deficiencies evaluated and communicated",

	"CC5.1": "Control activities that mitigate risks",
	"CC5.2": "General control activities over technology",
	"CC5.3": "Control activities deployed through policies and procedures",

	"CC6.1": "Logical access security software, infrastructure and architectures",
	"CC6.2": "Registration, authorization and removal of user credentials",
	"CC6.3": "Role-based access, least privilege and segregation of duties",
	"CC6.4": "Physical access restricted to authorized personnel",
	"CC6.5": "Protections discontinued only after data can no longer be recovered",
	"CC6.6": "Logical access security against threats from outside the system boundaries",
	"CC6.7": "Transmission, movement and removal of information restricted and protected",
	"CC6.8": "Unauthorized or malicious software prevented or detected",

	"CC7.1": "Detection and monitoring of configuration changes and vulnerabilities",
	"CC7.2": "System components monitored for anomalies",
	"CC7.3": "Security events evaluated",
	"CC7.4": "Security incidents responded to",
	"CC7.5": "Recovery from security incidents",

	"CC8.1": "Changes authorized, designed, tested, approved and implemented",

	"CC9.1": "Risk mitigation for business disruptions",
	"CC9.2": "Vendor and business partner risk managed",

	"A1.1": "Processing capacity maintained, monitored and evaluated",
	"A1.2": "Environmental protections, software, data backup and recovery infrastructure",
	"A1.3": "Recovery plan procedures tested",

	"C1.1": "Confidential information identified and maintained",
	"C1.2": "Confidential information disposed of",

	"PI1.1": "Information about processing objectives and specifications",
	"PI1.2": "Controls over system inputs (completeness and accuracy)",
	"PI1.3": "Controls over system processing",
	"PI1.4": "Output delivered completely, accurately and timely",
	"PI1.5": "Inputs, items in processing and outputs stored completely and accurately",

	"P1.1": "Notice of privacy practices",
	"P2.1": "Choice and consent",
	"P3.1": "Collection consistent with privacy objectives",
	"P3.2": "Explicit consent for collection",
	"P4.1": "Use of personal information limited to objectives",
	"P4.2": "Retention of personal information",
	"P4.3": "Disposal of personal information",
	"P5.1": "Access by data subjects",
	"P5.2": "Correction of personal information",
	"P6.1": "Disclosure to third parties with consent",
	"P6.2": "Record of authorized disclosures",
	"P6.3": "Record of unauthorized disclosures",
	"P6.4": "Privacy commitments obtained from vendors",
	"P6.5": "Notification of unauthorized disclosures by vendors",
	"P6.6": "Notification of breaches and incidents",
	"P6.7": "Accounting of disclosed personal information",
	"P7.1": "Quality of personal information",
	"P8.1": "Inquiries, complaints and disputes",
}
