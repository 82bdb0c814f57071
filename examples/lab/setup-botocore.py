#!/usr/bin/env python3
"""Steps 6-15 of the lab with botocore (the library under the aws CLI and boto3), against the
emulator: two roles, a trust anchor from the CA certificate, a profile with both roles.

usage: python3 setup-botocore.py ENDPOINT_URL CA_PEM_FILE
Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (the emulator's admin
credentials). Prints {"anchorId": ..., "profileId": ..., "roleArns": [...]} as JSON.
"""
import json
import sys

import botocore.session


def trust_policy(condition=None):
    statement = {
        "Effect": "Allow",
        "Principal": {"Service": "rolesanywhere.amazonaws.com"},
        "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
    }
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def main():
    endpoint, ca_file = sys.argv[1], sys.argv[2]
    session = botocore.session.get_session()
    client = lambda name: session.create_client(name, region_name="us-east-1", endpoint_url=endpoint)
    iam, rolesanywhere = client("iam"), client("rolesanywhere")
    only_thule = {"StringEquals": {"aws:PrincipalTag/x509Subject/CN": "DavianThule"}}
    role_arns = [
        iam.create_role(RoleName="Lab-IAM-Anywhere-All", AssumeRolePolicyDocument=trust_policy())["Role"]["Arn"],
        iam.create_role(RoleName="Lab-IAM-Anywhere-Only-Thule", AssumeRolePolicyDocument=trust_policy(only_thule))["Role"]["Arn"],
    ]
    with open(ca_file, encoding="ascii") as f:
        ca_pem = f.read()
    anchor = rolesanywhere.create_trust_anchor(
        name="Lab-IAM-Anywhere-Anchor",
        source={"sourceType": "CERTIFICATE_BUNDLE", "sourceData": {"x509CertificateData": ca_pem}},
        enabled=True,
    )["trustAnchor"]
    profile = rolesanywhere.create_profile(name="Lab-IAM-Anywhere-Profile", roleArns=role_arns, enabled=True)["profile"]
    print(json.dumps({"anchorId": anchor["trustAnchorId"], "profileId": profile["profileId"], "roleArns": role_arns}))


if __name__ == "__main__":
    main()
