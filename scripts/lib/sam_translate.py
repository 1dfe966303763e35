"""Translates a SAM template into the CloudFormation template `sam deploy` would create, offline.

Usage: .venv/bin/python scripts/lib/sam_translate.py BUILT_TEMPLATE OUT_JSON

Uses the SAM translator that the SAM CLI in .venv ships (the same code the AWS::Serverless transform runs). Local
CodeUris (the packages `sam build` wrote) and state machine definitions become placeholder S3 locations, as `sam deploy`
would after uploading them; OUT_JSON maps each function to its package folder under "x-finport-packages" and each
state machine to its definition file under "x-finport-definitions". Managed policies are named by their
well-known ARNs instead of being looked up in IAM.
"""
import json
import os
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class OfflineManagedPolicies:
    """The managed policies SAM attaches on its own, by their AWS-published ARNs (no IAM call)."""

    def load(self):
        return {
            "AWSLambdaBasicExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
            "AWSXrayWriteOnlyAccess": "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
            "AWSXRayDaemonWriteAccess": "arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
        }


def main(built_template, out_json):
    os.environ.setdefault("AWS_DEFAULT_REGION", "eu-central-1")  # pseudo parameters need a region; no call is made
    with open(built_template, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    base = os.path.dirname(os.path.abspath(built_template))
    packages = {}
    for logical_id, resource in template.get("Resources", {}).items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        code_uri = resource.get("Properties", {}).get("CodeUri")
        if isinstance(code_uri, str) and not code_uri.startswith("s3://"):
            packages[logical_id] = os.path.join(base, code_uri)
            resource["Properties"]["CodeUri"] = "s3://finport-deploy-check/" + logical_id + ".zip"
    definitions = {}
    for logical_id, resource in template.get("Resources", {}).items():
        uri = resource.get("Properties", {}).get("DefinitionUri") if resource.get("Type") == "AWS::Serverless::StateMachine" else None
        if isinstance(uri, str) and not uri.startswith("s3://"):
            definitions[logical_id] = os.path.join(base, uri)
            resource["Properties"]["DefinitionUri"] = "s3://finport-deploy-check/" + logical_id + ".asl.json"
    # A full secret ARN: the template's own AllowedPattern demands one, and the translation needs a value.
    parameters = {"FinapiClientSecretArn": "arn:aws:secretsmanager:eu-central-1:123456789012:secret:finport/finapi-credentials-AbC123"}
    translated = transform(template, parameters, OfflineManagedPolicies())
    translated["x-finport-packages"] = packages
    translated["x-finport-definitions"] = definitions
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(translated, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: sam_translate.py BUILT_TEMPLATE OUT_JSON")
    main(sys.argv[1], sys.argv[2])
