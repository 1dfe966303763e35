package io.finport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Least privilege, checked statically over template.yaml: permissions come only from scoped SAM policy templates,
 * each function holds exactly the ones its code needs, data at rest is encrypted, and every API route needs IAM.
 */
class TemplateLeastPrivilegeTest {
    private static final String FUNCTION = "AWS::Serverless::Function";
    private static final String STATE_MACHINE = "AWS::Serverless::StateMachine";
    private static final String PARAMETER = "Parameter";
    private static final String CALLBACK_METHOD = "FinapiCallbackMethod";

    /** The SAM policy templates this project may use: what each one is scoped by, and the IAM actions it grants. */
    private static final Map<String, PolicyTemplate> POLICY_TEMPLATES = Map.ofEntries(
            Map.entry(
                    "DynamoDBCrudPolicy",
                    new PolicyTemplate(
                            "TableName",
                            null,
                            Set.of("AWS::DynamoDB::Table"),
                            Set.of(
                                    "dynamodb:GetItem",
                                    "dynamodb:DeleteItem",
                                    "dynamodb:PutItem",
                                    "dynamodb:Scan",
                                    "dynamodb:Query",
                                    "dynamodb:UpdateItem",
                                    "dynamodb:BatchWriteItem",
                                    "dynamodb:BatchGetItem",
                                    "dynamodb:DescribeTable",
                                    "dynamodb:ConditionCheckItem"))),
            Map.entry(
                    "DynamoDBReadPolicy",
                    new PolicyTemplate(
                            "TableName",
                            null,
                            Set.of("AWS::DynamoDB::Table"),
                            Set.of(
                                    "dynamodb:GetItem",
                                    "dynamodb:Scan",
                                    "dynamodb:Query",
                                    "dynamodb:BatchGetItem",
                                    "dynamodb:DescribeTable"))),
            Map.entry(
                    "StepFunctionsExecutionPolicy",
                    new PolicyTemplate(
                            "StateMachineName",
                            "Name",
                            Set.of(STATE_MACHINE, "AWS::StepFunctions::StateMachine"),
                            Set.of("states:StartExecution"))),
            Map.entry(
                    "StepFunctionsCallbackPolicy",
                    new PolicyTemplate(
                            "StateMachineName",
                            "Name",
                            Set.of(STATE_MACHINE, "AWS::StepFunctions::StateMachine"),
                            Set.of("states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"))),
            Map.entry(
                    "AWSSecretsManagerGetSecretValuePolicy",
                    new PolicyTemplate(
                            "SecretArn",
                            null,
                            Set.of(PARAMETER, "AWS::SecretsManager::Secret"),
                            Set.of("secretsmanager:GetSecretValue"))),
            Map.entry(
                    "KMSEncryptPolicy",
                    new PolicyTemplate("KeyId", null, Set.of("AWS::KMS::Key"), Set.of("kms:Encrypt"))),
            Map.entry(
                    "KMSDecryptPolicy",
                    new PolicyTemplate("KeyId", null, Set.of("AWS::KMS::Key"), Set.of("kms:Decrypt"))),
            Map.entry(
                    "SNSPublishMessagePolicy",
                    new PolicyTemplate("TopicName", "TopicName", Set.of("AWS::SNS::Topic"), Set.of("sns:Publish"))),
            Map.entry(
                    "LambdaInvokePolicy",
                    new PolicyTemplate("FunctionName", null, Set.of(FUNCTION), Set.of("lambda:InvokeFunction"))),
            Map.entry(
                    "S3ReadPolicy",
                    new PolicyTemplate(
                            "BucketName",
                            null,
                            Set.of("AWS::S3::Bucket"),
                            Set.of(
                                    "s3:GetObject",
                                    "s3:ListBucket",
                                    "s3:GetBucketLocation",
                                    "s3:GetObjectVersion",
                                    "s3:GetLifecycleConfiguration"))),
            Map.entry(
                    "S3WritePolicy",
                    new PolicyTemplate(
                            "BucketName",
                            null,
                            Set.of("AWS::S3::Bucket"),
                            Set.of("s3:PutObject", "s3:PutObjectAcl", "s3:PutLifecycleConfiguration"))));

    /**
     * What no SAM policy template grants and a state machine may still hold, in an inline statement: following and
     * stopping executions (states:startExecution.sync:2 and a Distributed Map's children) and the managed EventBridge
     * rule .sync uses to learn that a child ended. Only state machines whose definition does that may have it.
     */
    private static final Set<String> FOLLOW_EXECUTIONS_ACTIONS = Set.of(
            "states:DescribeExecution",
            "states:StopExecution",
            "events:PutTargets",
            "events:PutRule",
            "events:DescribeRule");
    /** The only resources those statements may name: executions of this stack's state machines, the managed rule. */
    private static final Pattern FOLLOW_EXECUTIONS_RESOURCE = Pattern.compile(
            "arn:\\$\\{AWS::Partition}:(states:\\$\\{AWS::Region}:\\$\\{AWS::AccountId}:execution:\\$\\{(\\w+\\.Name|AWS::StackName)}(-[a-z]+)?[:/]\\*"
                    + "|events:\\$\\{AWS::Region}:\\$\\{AWS::AccountId}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule)");

    /** IAM authorizes a transaction by the actions of its items (a paginator is authorized by its operation). */
    private static final Map<String, Set<String>> AUTHORIZED_AS = Map.of(
            "dynamodb:TransactWriteItems",
            Set.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"));

    /** Managed policies SAM attaches on its own (basic execution role, X-Ray for Tracing: Active). */
    private static final Set<String> SAM_MANAGED_POLICIES =
            Set.of("AWSLambdaBasicExecutionRole", "AWSXrayWriteOnlyAccess");

    /**
     * What each function's code needs, read from functions/import-workflow (handler → Workflow accessor → service):
     * <ul>
     *   <li>ImportApiFunction → ImportApi: ImportStore (DynamoDB) and SfnClient.startExecution.</li>
     *   <li>StartImportFunction → ImportService.start: store, finAPI (client secret from Secrets Manager), and
     *       FinapiUsers.credentialsFor, which creates the finAPI user on first use (PasswordCipher.encrypt) or reads it
     *       back (PasswordCipher.decrypt).</li>
     *   <li>CheckStatusFunction, RecordOutcomeFunction → ImportService.check / recordOutcome: store, finAPI, and
     *       the stored user read back (decrypt only: the user exists once Start import has run).
     *       RecordOutcomeFunction then delivers the outcome (OutcomeDelivery: OutcomeNotifier, SnsClient.publish).</li>
     *   <li>RecordFailureFunction → FailureClassifier (pure) and ImportService.recordFailure: the store only.</li>
     *   <li>NotifyOutcomeFunction → OutcomeDelivery → OutcomeNotifier: the store (record, notifiedAt flag) and
     *       SnsClient.publish.</li>
     *   <li>ReconcileExecutionFunction → ExecutionReconciler: the store (outcome, lock) and OutcomeNotifier (SNS);
     *       it reads the event's state machine ARN and calls no Step Functions API.</li>
     * </ul>
     * ImportApiFunction's StartExecution also serves as the liveness probe of a lock holder's execution
     * (execution/Executions: an idempotent start of a running execution succeeds, of a closed one fails).
     * The refresh functions (refresh/Refreshes):
     * <ul>
     *   <li>RefreshApiFunction → RefreshApi: RefreshStore (DynamoDB) and StartExecution of the refresh workflow.</li>
     *   <li>BuildRefreshManifestFunction → ManifestBuilder: ConnectionHistory, ConnectionLocks, RefreshStore (DynamoDB),
     *       the manifest (S3 PutObject) and the lock holder's liveness probe on the import workflow.</li>
     *   <li>PrepareRefreshItemFunction → RefreshItems.prepare: history, lock (with the same probe), import record.</li>
     *   <li>RecordRefreshItemFunction → RefreshItems.record: import record and refresh counters (DynamoDB).</li>
     *   <li>CompleteRefreshFunction → RefreshCompletion: refresh record and one SNS message.</li>
     * </ul>
     * OutcomeDelivery (NotifyOutcomeFunction, RecordOutcomeFunction) also notes the outcome in the caller's connection
     * history (DynamoDB).
     * finAPI's callbacks (callback/): AwaitCallbackFunction stores the run's task token (CallbackWaits.register,
     * DynamoDB); FinapiCallbackFunction redeems the token (CallbackReceiver: CallbackTokens, DynamoDB) and resumes the run
     * (SfnTaskResumer: SendTaskSuccess on the import state machine).
     */
    private static final Map<String, Set<String>> POLICIES_THE_CODE_NEEDS = Map.ofEntries(
            Map.entry(
                    "ImportApiFunction",
                    Set.of(
                            "DynamoDBCrudPolicy(ImportTable)",
                            "StepFunctionsExecutionPolicy(ImportStateMachine.Name)",
                            "KMSEncryptPolicy(UserPasswordKey)")),
            Map.entry(
                    "StartImportFunction",
                    Set.of(
                            "DynamoDBCrudPolicy(ImportTable)",
                            "AWSSecretsManagerGetSecretValuePolicy(FinapiClientSecretArn)",
                            "KMSEncryptPolicy(UserPasswordKey)",
                            "KMSDecryptPolicy(UserPasswordKey)")),
            Map.entry(
                    "CheckStatusFunction",
                    Set.of(
                            "DynamoDBCrudPolicy(ImportTable)",
                            "AWSSecretsManagerGetSecretValuePolicy(FinapiClientSecretArn)",
                            "KMSDecryptPolicy(UserPasswordKey)")),
            Map.entry(
                    "RecordOutcomeFunction",
                    Set.of(
                            "DynamoDBCrudPolicy(ImportTable)",
                            "AWSSecretsManagerGetSecretValuePolicy(FinapiClientSecretArn)",
                            "KMSDecryptPolicy(UserPasswordKey)",
                            "SNSPublishMessagePolicy(NotificationTopic.TopicName)")),
            Map.entry("RecordFailureFunction", Set.of("DynamoDBCrudPolicy(ImportTable)")),
            Map.entry("AwaitCallbackFunction", Set.of("DynamoDBCrudPolicy(ImportTable)")),
            Map.entry(
                    "FinapiCallbackFunction",
                    Set.of("DynamoDBCrudPolicy(ImportTable)", "StepFunctionsCallbackPolicy(ImportStateMachine.Name)")),
            Map.entry(
                    "NotifyOutcomeFunction",
                    Set.of("DynamoDBCrudPolicy(ImportTable)", "SNSPublishMessagePolicy(NotificationTopic.TopicName)")),
            Map.entry(
                    "ReconcileExecutionFunction",
                    Set.of("DynamoDBCrudPolicy(ImportTable)", "SNSPublishMessagePolicy(NotificationTopic.TopicName)")),
            Map.entry(
                    "RefreshApiFunction",
                    Set.of(
                            "DynamoDBCrudPolicy(ImportTable)",
                            "StepFunctionsExecutionPolicy(RefreshStateMachine.Name)")),
            Map.entry(
                    "BuildRefreshManifestFunction",
                    Set.of(
                            "DynamoDBCrudPolicy(ImportTable)",
                            "S3WritePolicy(RefreshBucket)",
                            "StepFunctionsExecutionPolicy(ImportStateMachine.Name)")),
            Map.entry(
                    "PrepareRefreshItemFunction",
                    Set.of("DynamoDBCrudPolicy(ImportTable)", "StepFunctionsExecutionPolicy(ImportStateMachine.Name)")),
            Map.entry("RecordRefreshItemFunction", Set.of("DynamoDBCrudPolicy(ImportTable)")),
            Map.entry(
                    "CompleteRefreshFunction",
                    Set.of("DynamoDBCrudPolicy(ImportTable)", "SNSPublishMessagePolicy(NotificationTopic.TopicName)")));

    /** The functions that call finAPI and therefore read its client secret. */
    private static final Set<String> FINAPI_CALLERS =
            Set.of("StartImportFunction", "CheckStatusFunction", "RecordOutcomeFunction");

    /** Which source files may use each SDK client (besides the client factory itself). */
    private static final Map<String, Pattern> CLIENT_OWNERS = Map.of(
            "DynamoDbClient",
                    Pattern.compile(
                            "io/finport/workflow/(store/.*|callback/(CallbackTokens|CallbackWaits)\\.java|refresh/(ConnectionHistory|RefreshStore|Refreshes)\\.java)"),
            "SfnClient",
                    Pattern.compile(
                            "io/finport/workflow/(api/.*|callback/SfnTaskResumer\\.java|execution/Executions\\.java|refresh/(RefreshApi|Refreshes)\\.java)"),
            "SnsClient",
                    Pattern.compile("io/finport/workflow/(notify/.*|refresh/(RefreshCompletion|Refreshes)\\.java)"),
            "S3Client", Pattern.compile("io/finport/workflow/refresh/(ManifestStore|Refreshes)\\.java"),
            "SecretsManagerClient", Pattern.compile("io/finport/workflow/service/ClientCredentialsProvider\\.java"),
            "KmsClient", Pattern.compile("io/finport/workflow/service/(KmsTexts|PasswordCipher|PsuVault)\\.java"));

    /** The IAM prefix of each SDK client type. */
    private static final Map<String, String> CLIENT_SERVICES = Map.of(
            "DynamoDbClient",
            "dynamodb",
            "SfnClient",
            "states",
            "SnsClient",
            "sns",
            "SecretsManagerClient",
            "secretsmanager",
            "KmsClient",
            "kms",
            "S3Client",
            "s3");

    private static ObjectNode template;
    private static WorkflowSources sources;

    @BeforeAll
    static void load() throws IOException {
        template = CfnYaml.load(RepoRoot.template());
        sources = new WorkflowSources(RepoRoot.find());
    }

    // ---- Where permissions come from ------------------------------------------------------------------------

    @Test
    void policies_whenDeclaredOnFunctionsAndStateMachines_areOnlyAllowListedSamPolicyTemplates() {
        List<String> problems = new ArrayList<>();
        for (var resource : resources(FUNCTION, STATE_MACHINE).entrySet()) {
            JsonNode properties = resource.getValue().path("Properties");
            for (String bypass : List.of("Role", "PermissionsBoundary", "RolePath")) {
                if (properties.has(bypass)) problems.add(resource.getKey() + " sets " + bypass);
            }
            JsonNode policies = properties.path("Policies");
            if (!policies.isArray() || policies.isEmpty()) {
                problems.add(resource.getKey() + ": Policies is not a non-empty list");
                continue;
            }
            for (JsonNode policy : policies) {
                if (policy.isTextual()) {
                    if (!SAM_MANAGED_POLICIES.contains(policy.asText())) {
                        problems.add(resource.getKey() + ": managed policy " + policy.asText());
                    }
                } else if (policy.size() == 1
                        && policy.has("Statement")
                        && resource.getValue().path("Type").asText().equals(STATE_MACHINE)) {
                    problems.addAll(followExecutionsProblems(resource.getKey(), policy.get("Statement")));
                } else if (policy.size() != 1
                        || !POLICY_TEMPLATES.containsKey(policy.fieldNames().next())) {
                    problems.add(resource.getKey() + ": not an allow-listed policy template: " + policy);
                }
            }
        }
        assertThat(template.at("/Globals/Function").has("Policies"))
                .as("Globals grant policies to every function")
                .isFalse();
        assertThat(template.at("/Globals/Function").has("Role"))
                .as("Globals set a role for every function")
                .isFalse();
        assertThat(problems).isEmpty();
    }

    /** An inline statement of a state machine: only {@link #FOLLOW_EXECUTIONS_ACTIONS} on this stack's executions. */
    private static List<String> followExecutionsProblems(String id, JsonNode statements) {
        List<String> problems = new ArrayList<>();
        for (JsonNode statement : statements) {
            if (!statement.path("Effect").asText().equals("Allow")
                    || statement.has("Condition")
                    || statement.has("Principal")) {
                problems.add(id + ": inline statement is not a plain Allow: " + statement);
            }
            for (JsonNode action : statement.path("Action")) {
                if (!FOLLOW_EXECUTIONS_ACTIONS.contains(action.asText()))
                    problems.add(id + ": inline action " + action.asText());
            }
            for (JsonNode resource : statement.path("Resource")) {
                String arn = resource.path("Fn::Sub").asText(resource.asText());
                if (!FOLLOW_EXECUTIONS_RESOURCE.matcher(arn).matches()) problems.add(id + ": inline resource " + arn);
            }
        }
        return problems;
    }

    @Test
    void template_whenScanned_declaresNoIamResourcesOfItsOwn() {
        assertThat(template.path("Resources").properties())
                .filteredOn(e -> e.getValue().path("Type").asText().startsWith("AWS::IAM::"))
                .as("roles and policies come from SAM policy templates only")
                .isEmpty();
    }

    @Test
    void policyTemplates_whenScoped_referenceTheRightKindOfResourceOfThisTemplate() {
        List<String> problems = new ArrayList<>();
        for (var resource : resources(FUNCTION, STATE_MACHINE).entrySet()) {
            for (JsonNode policy : resource.getValue().at("/Properties/Policies")) {
                if (!policy.isObject() || policy.size() != 1) continue;
                String name = policy.fieldNames().next();
                PolicyTemplate expected = POLICY_TEMPLATES.get(name);
                if (expected == null) continue;
                JsonNode arguments = policy.get(name);
                String where = resource.getKey() + " " + name;
                if (!arguments.isObject() || arguments.size() != 1 || !arguments.has(expected.parameter())) {
                    problems.add(where + " takes exactly " + expected.parameter() + ", got " + arguments);
                    continue;
                }
                JsonNode value = arguments.get(expected.parameter());
                String target =
                        expected.attribute() == null ? refTarget(value) : getAttTarget(value, expected.attribute());
                if (target == null && "Name".equals(expected.attribute())) target = namedStateMachine(value);
                if (target == null) {
                    problems.add(where + ": " + expected.parameter() + " must be "
                            + (expected.attribute() == null ? "!Ref X" : "!GetAtt X." + expected.attribute())
                            + ", got " + value);
                } else if (!expected.targetTypes().contains(typeOf(target))) {
                    problems.add(where + ": " + target + " is a " + typeOf(target) + ", expected one of "
                            + expected.targetTypes());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void policyDocuments_whenScanned_haveNoWildcardActionResourceOrPrincipal() {
        List<String> problems = new ArrayList<>();
        scanPolicyDocuments(template, "", false, problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void keyPolicy_whenGrantingTheAccount_listsExplicitActionsIncludingThoseTheFunctionsAreGranted() {
        Set<String> grantedThroughIam = new TreeSet<>();
        for (JsonNode function : resources(FUNCTION).values()) {
            for (JsonNode policy : function.at("/Properties/Policies")) {
                if (policy.isObject() && policy.size() == 1) {
                    PolicyTemplate known =
                            POLICY_TEMPLATES.get(policy.fieldNames().next());
                    if (known != null && known.service().equals("kms")) grantedThroughIam.addAll(known.actions());
                }
            }
        }
        Map<String, JsonNode> keys = resources("AWS::KMS::Key");
        assertThat(keys).isNotEmpty();
        for (var key : keys.entrySet()) {
            JsonNode statements = key.getValue().at("/Properties/KeyPolicy/Statement");
            assertThat(statements.isArray())
                    .as(key.getKey() + " has a key policy")
                    .isTrue();
            Set<String> accountActions = new TreeSet<>();
            for (JsonNode statement : statements) {
                assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
                assertThat(statement.path("Action").isArray())
                        .as(key.getKey() + " " + statement.path("Sid").asText() + ": Action is an explicit list")
                        .isTrue();
                for (JsonNode action : statement.path("Action")) {
                    assertThat(action.asText()).as("explicit KMS action").matches("kms:[A-Z][A-Za-z]+");
                }
                if (statement.at("/Principal/AWS").toString().contains(":root")) {
                    statement.path("Action").forEach(a -> accountActions.add(a.asText()));
                }
            }
            // IAM policies only work for actions the key policy delegates to the account; without the
            // administrative ones nobody could change or delete the key any more.
            assertThat(accountActions)
                    .as(key.getKey() + ": actions delegated to the account")
                    .containsAll(grantedThroughIam)
                    .contains(
                            "kms:DescribeKey",
                            "kms:GetKeyPolicy",
                            "kms:PutKeyPolicy",
                            "kms:EnableKeyRotation",
                            "kms:ScheduleKeyDeletion",
                            "kms:CancelKeyDeletion");
        }
    }

    // ---- No permission a function does not use ---------------------------------------------------------------

    @Test
    void functionPolicies_whenComparedWithWhatTheCodeNeeds_matchExactly() {
        Map<String, Set<String>> actual = new TreeMap<>();
        resources(FUNCTION).forEach((id, function) -> actual.put(id, describedPolicies(function)));

        assertThat(actual).isEqualTo(new TreeMap<>(POLICIES_THE_CODE_NEEDS));
    }

    @Test
    void functionPolicies_whenComparedWithServicesTheHandlerCanReach_grantNoUnreachableService() {
        Map<String, Set<String>> granted = new TreeMap<>();
        Map<String, Set<String>> reachable = new TreeMap<>();
        resources(FUNCTION).forEach((id, function) -> {
            String handler = function.at("/Properties/Handler").asText().replaceFirst("::.*$", "");
            assertThat(sources.sourceOf(handler)).as(id + " handler source").isRegularFile();
            granted.put(
                    id,
                    describedPolicies(function).stream()
                            .map(p -> templateOf(p).service())
                            .collect(Collectors.toCollection(TreeSet::new)));
            reachable.put(id, sources.servicesReachableFrom(handler));
        });

        assertThat(granted.keySet()).isEqualTo(POLICIES_THE_CODE_NEEDS.keySet());
        granted.forEach((id, services) -> assertThat(reachable.get(id))
                .as(id + ": services its handler can reach through Workflow")
                .containsAll(services));
    }

    @Test
    void sdkClients_whenSourcesScanned_areUsedOnlyByTheirOwnerAndOnlyWithGrantedOperations() {
        Map<String, String> code = sources.allCode();
        Set<String> grantedActions = new TreeSet<>();
        resources(FUNCTION)
                .values()
                .forEach(f -> describedPolicies(f)
                        .forEach(p -> grantedActions.addAll(templateOf(p).actions())));
        Pattern serviceImport = Pattern.compile("import\\s+software\\.amazon\\.awssdk\\.services\\.(\\w+)\\.");
        Set<String> importedServices = new TreeSet<>();
        Map<String, Set<String>> users = new TreeMap<>();
        List<String> ungranted = new ArrayList<>();
        code.forEach((file, text) -> {
            Matcher imports = serviceImport.matcher(text);
            while (imports.find()) importedServices.add(imports.group(1));
            if (file.endsWith("aws/AwsClients.java")) return;
            for (String client : CLIENT_OWNERS.keySet()) {
                if (!Pattern.compile("\\b" + client + "\\b").matcher(text).find()) continue;
                users.computeIfAbsent(client, c -> new TreeSet<>()).add(file);
                // Operations are called as field.get().operation(...) on a Supplier<Client> field.
                Matcher field =
                        Pattern.compile("Supplier<" + client + ">\\s+(\\w+)").matcher(text);
                while (field.find()) {
                    Matcher call = Pattern.compile("\\b" + field.group(1) + "\\.get\\(\\)\\s*\\.(\\w+)\\(")
                            .matcher(text);
                    while (call.find()) {
                        String operation = call.group(1).replaceFirst("Paginator$", "");
                        String action = CLIENT_SERVICES.get(client) + ":" + Character.toUpperCase(operation.charAt(0))
                                + operation.substring(1);
                        if (!grantedActions.containsAll(AUTHORIZED_AS.getOrDefault(action, Set.of(action)))) {
                            ungranted.add(file + " calls " + action);
                        }
                    }
                }
            }
        });

        assertThat(importedServices)
                .as("AWS SDK services used by the Lambdas")
                .isSubsetOf("dynamodb", "sfn", "sns", "secretsmanager", "kms", "s3");
        assertThat(users.keySet()).as("every client has its owner").isEqualTo(CLIENT_OWNERS.keySet());
        users.forEach((client, files) -> assertThat(files)
                .as(client + " users")
                .allMatch(f -> CLIENT_OWNERS.get(client).matcher(f).matches()));
        assertThat(ungranted).as("SDK operations no policy template grants").isEmpty();
        assertThat(code.entrySet())
                .filteredOn(e -> Pattern.compile("\\bAwsClients\\b")
                        .matcher(e.getValue())
                        .find())
                .extracting(Map.Entry::getKey)
                .as("only the composition root hands out SDK clients")
                .containsOnly("io/finport/workflow/aws/AwsClients.java", "io/finport/workflow/Workflow.java");
    }

    @Test
    void stateMachinePolicies_whenComparedWithDefinitionSubstitutions_invokeExactlyTheSubstitutedFunctions()
            throws IOException {
        for (var machine : resources(STATE_MACHINE).entrySet()) {
            JsonNode properties = machine.getValue().path("Properties");
            String definition = Files.readString(
                    RepoRoot.find().resolve(properties.path("DefinitionUri").asText()));
            List<String> substituted = new ArrayList<>();
            Set<String> expectedOthers = new TreeSet<>();
            properties.path("DefinitionSubstitutions").forEach(value -> {
                String target = refTarget(value);
                if (target == null) return;
                String type = typeOf(stripAlias(target));
                if (type.equals(FUNCTION)) substituted.add(stripAlias(target));
                // A child workflow it starts and waits for (startExecution.sync:2)
                if (type.equals(STATE_MACHINE)) expectedOthers.add("StepFunctionsExecutionPolicy(" + target + ".Name)");
                // The Distributed Map's manifest and results
                if (type.equals("AWS::S3::Bucket")) {
                    if (definition.contains("\"ItemReader\"")) expectedOthers.add("S3ReadPolicy(" + target + ")");
                    if (definition.contains("\"ResultWriter\"")) expectedOthers.add("S3WritePolicy(" + target + ")");
                }
            });
            boolean distributed = definition.contains("\"DISTRIBUTED\"");
            if (distributed) expectedOthers.add("StepFunctionsExecutionPolicy(" + machine.getKey() + ".Name)");
            if (distributed || definition.contains("states:startExecution.sync")) expectedOthers.add("Statement");
            List<String> invokable = new ArrayList<>();
            Set<String> others = new TreeSet<>();
            properties.path("Policies").forEach(policy -> {
                if (policy.has("LambdaInvokePolicy")) {
                    invokable.add(refTarget(policy.at("/LambdaInvokePolicy/FunctionName")));
                } else if (policy.has("Statement")) {
                    others.add("Statement");
                } else {
                    String name = policy.fieldNames().next();
                    JsonNode value = policy.get(name).elements().next();
                    String self = namedStateMachine(value);
                    others.add(name + "(" + (self != null ? self + ".Name" : describeReference(value)) + ")");
                }
            });

            assertThat(substituted)
                    .as(machine.getKey() + " functions in the definition")
                    .isNotEmpty();
            assertThat(invokable)
                    .as(machine.getKey() + " LambdaInvokePolicy targets, one per function")
                    .containsExactlyInAnyOrderElementsOf(substituted);
            assertThat(others)
                    .as(machine.getKey() + ": beyond invoking its functions, only what its definition does")
                    .isEqualTo(expectedOthers);
        }
    }

    @Test
    void definitionSubstitutions_whenComparedWithTheDefinition_areUsedAndDefinedBothWays() throws IOException {
        for (var machine : resources(STATE_MACHINE).entrySet()) {
            JsonNode properties = machine.getValue().path("Properties");
            String definition = Files.readString(
                    RepoRoot.find().resolve(properties.path("DefinitionUri").asText()));
            Set<String> used = new TreeSet<>();
            Matcher placeholder = Pattern.compile("\\$\\{(\\w+)}").matcher(definition);
            while (placeholder.find()) used.add(placeholder.group(1));
            Set<String> defined = new TreeSet<>();
            properties.path("DefinitionSubstitutions").fieldNames().forEachRemaining(defined::add);

            assertThat(used).as(machine.getKey() + " placeholders").isNotEmpty().isEqualTo(defined);
        }
    }

    // ---- Encryption at rest ----------------------------------------------------------------------------------

    @Test
    void tables_whenDeclared_areKmsEncryptedRecoverableExpiringAndOnDemand() {
        Map<String, JsonNode> tables = resources("AWS::DynamoDB::Table");
        assertThat(tables).isNotEmpty();
        tables.forEach((id, table) -> {
            JsonNode p = table.path("Properties");
            assertThat(p.at("/SSESpecification/SSEEnabled").asBoolean())
                    .as(id + " SSEEnabled")
                    .isTrue();
            assertThat(p.at("/SSESpecification/SSEType").asText())
                    .as(id + " SSEType")
                    .isEqualTo("KMS");
            assertThat(p.at("/PointInTimeRecoverySpecification/PointInTimeRecoveryEnabled")
                            .asBoolean())
                    .as(id + " PITR")
                    .isTrue();
            assertThat(p.at("/TimeToLiveSpecification/Enabled").asBoolean())
                    .as(id + " TTL")
                    .isTrue();
            assertThat(p.at("/TimeToLiveSpecification/AttributeName").asText())
                    .as(id + " TTL attribute")
                    .isNotBlank();
            assertThat(p.path("BillingMode").asText()).as(id + " BillingMode").isEqualTo("PAY_PER_REQUEST");
        });
    }

    @Test
    void topics_whenDeclared_areKmsEncrypted() {
        Map<String, JsonNode> topics = resources("AWS::SNS::Topic");
        assertThat(topics).isNotEmpty();
        topics.forEach(
                (id, topic) -> assertThat(topic.at("/Properties/KmsMasterKeyId").isMissingNode())
                        .as(id + " KmsMasterKeyId")
                        .isFalse());
    }

    @Test
    void kmsKeys_whenDeclared_rotateAndAreRetained() {
        Map<String, JsonNode> keys = resources("AWS::KMS::Key");
        assertThat(keys).isNotEmpty();
        keys.forEach((id, key) -> {
            assertThat(key.at("/Properties/EnableKeyRotation").asBoolean())
                    .as(id + " EnableKeyRotation")
                    .isTrue();
            assertThat(key.path("DeletionPolicy").asText())
                    .as(id + " DeletionPolicy (data encrypted under it outlives the stack)")
                    .isEqualTo("Retain");
        });
    }

    @Test
    void clientSecret_whenReadByFunctions_isASecretsManagerArnGrantedToTheFinapiCallersOnly() {
        JsonNode parameter = template.at("/Parameters/FinapiClientSecretArn");
        Pattern allowed = Pattern.compile(parameter.path("AllowedPattern").asText());
        assertThat(allowed.matcher("arn:aws:secretsmanager:eu-central-1:123456789012:secret:finapi-AbCdEf")
                        .matches())
                .isTrue();
        assertThat(allowed.matcher("arn:aws:ssm:eu-central-1:123456789012:parameter/finapi")
                        .matches())
                .isFalse();
        assertThat(allowed.matcher("*").matches()).isFalse();

        Map<String, Set<String>> readers = new TreeMap<>();
        resources(FUNCTION).forEach((id, function) -> {
            Set<String> secrets = new TreeSet<>();
            function.at("/Properties/Policies").forEach(policy -> {
                if (policy.has("AWSSecretsManagerGetSecretValuePolicy")) {
                    secrets.add(
                            String.valueOf(refTarget(policy.at("/AWSSecretsManagerGetSecretValuePolicy/SecretArn"))));
                }
            });
            if (!secrets.isEmpty()) readers.put(id, secrets);
        });
        Map<String, Set<String>> expected = new TreeMap<>();
        FINAPI_CALLERS.forEach(id -> expected.put(id, Set.of("FinapiClientSecretArn")));

        assertThat(readers).isEqualTo(expected);
    }

    // ---- API authorization -----------------------------------------------------------------------------------

    @Test
    void apiRoutes_whenDeclared_allRequireIamAuthorization() {
        Map<String, JsonNode> apis = resources("AWS::Serverless::Api");
        apis.forEach((id, api) -> assertThat(
                        api.at("/Properties/Auth/DefaultAuthorizer").asText())
                .as(id + " DefaultAuthorizer")
                .isEqualTo("AWS_IAM"));
        assertThat(template.path("Resources").properties())
                .filteredOn(
                        e -> e.getValue().path("Type").asText().matches("AWS::(Serverless::HttpApi|ApiGatewayV2::.*)"))
                .as("API resources this test does not check")
                .isEmpty();
        // Plain API Gateway resources: only finAPI's callback route, which cannot be IAM-signed (finAPI calls it).
        Map<String, JsonNode> methods = resources("AWS::ApiGateway::Method");
        assertThat(methods).as("plain API Gateway methods").containsOnlyKeys(CALLBACK_METHOD);
        JsonNode callback = methods.get(CALLBACK_METHOD).path("Properties");
        assertThat(callback.path("HttpMethod").asText()).isEqualTo("POST");
        assertThat(callback.path("AuthorizationType").asText()).isEqualTo("NONE");
        assertThat(callback.path("Integration").toString())
                .as("the callback route invokes only the callback function")
                .contains("FinapiCallbackFunction.Alias");
        assertThat(template.at("/Resources/FinapiCallbackTokenResource/Properties/PathPart")
                        .asText())
                .isEqualTo("{token}");
        assertThat(resources("AWS::ApiGateway::Stage").values())
                .allSatisfy(stage -> assertThat(stage.at("/Properties/MethodSettings/0/ThrottlingRateLimit")
                                .asDouble())
                        .as("callback API throttled to a few requests per second")
                        .isBetween(0.1, 10.0));
        assertThat(resources("AWS::Lambda::Permission").values())
                .allSatisfy(permission -> assertThat(
                                permission.at("/Properties/SourceArn").toString())
                        .as("API Gateway may invoke the callback function only for the callback route")
                        .contains("/*/POST/callbacks/finapi/*"));
        assertThat(template.at("/Globals/Api").properties())
                .map(Map.Entry::getKey)
                .as("Globals.Api could change auth for all APIs: it only names the OpenAPI version")
                .containsOnly("OpenApiVersion");

        List<String> routes = new ArrayList<>();
        resources(FUNCTION, STATE_MACHINE)
                .forEach((id, resource) -> resource.at("/Properties/Events")
                        .properties()
                        .forEach(event -> {
                            String type = event.getValue().path("Type").asText();
                            JsonNode p = event.getValue().path("Properties");
                            String route = id + "." + event.getKey();
                            assertThat(type).as(route + " event type").isNotIn("HttpApi");
                            if (!type.equals("Api")) return;
                            routes.add(route);
                            String api = refTarget(p.path("RestApiId"));
                            assertThat(api)
                                    .as(route + " uses an explicit API (the implicit one has no authorizer)")
                                    .isIn(apis.keySet());
                            assertThat(p.at("/Auth/Authorizer").asText("AWS_IAM"))
                                    .as(route + " Auth.Authorizer")
                                    .isEqualTo("AWS_IAM");
                        }));
        assertThat(routes).as("routes checked").isNotEmpty();
    }

    // ---- Runtime settings -------------------------------------------------------------------------------------

    @Test
    void globals_whenDeclared_useJava21SnapStartAliasTracingAndJsonLogs() {
        JsonNode globals = template.at("/Globals/Function");
        assertThat(globals.path("Runtime").asText()).isEqualTo("java21");
        assertThat(globals.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(globals.path("AutoPublishAlias").asText()).isNotBlank();
        assertThat(globals.path("Tracing").asText()).isEqualTo("Active");
        assertThat(globals.at("/LoggingConfig/LogFormat").asText()).isEqualTo("JSON");
        resources(FUNCTION).forEach((id, function) -> {
            JsonNode p = function.path("Properties");
            for (String setting : List.of("Runtime", "SnapStart", "AutoPublishAlias", "Tracing")) {
                assertThat(p.has(setting))
                        .as(id + " overrides Globals." + setting)
                        .isFalse();
            }
            assertThat(p.path("LoggingConfig").properties())
                    .map(Map.Entry::getKey)
                    .as(id + " LoggingConfig only names its log group")
                    .containsOnly("LogGroup");
        });
    }

    @Test
    void definitionSubstitutions_whenNamingAFunction_useItsAliasSoSnapStartApplies() {
        Map<String, String> substitutions = new LinkedHashMap<>();
        resources(STATE_MACHINE)
                .values()
                .forEach(machine -> machine.at("/Properties/DefinitionSubstitutions")
                        .properties()
                        .forEach(e -> substitutions.put(e.getKey(), e.getValue().toString())));
        Set<String> functions = resources(FUNCTION).keySet();
        List<String> bypassing = new ArrayList<>();
        substitutions.forEach((key, value) -> {
            for (String function : functions) {
                boolean names = value.contains("\"" + function + "\"") || value.contains("\"" + function + ".");
                if (names && !value.equals("{\"Ref\":\"" + function + ".Alias\"}")) {
                    bypassing.add(key + " = " + value);
                }
            }
        });
        assertThat(substitutions).isNotEmpty();
        assertThat(bypassing)
                .as("substitutions that invoke $LATEST or a version instead of the alias")
                .isEmpty();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private record PolicyTemplate(String parameter, String attribute, Set<String> targetTypes, Set<String> actions) {
        String service() {
            return actions.iterator().next().replaceFirst(":.*$", "");
        }
    }

    private static Map<String, JsonNode> resources(String... types) {
        Set<String> wanted = Set.of(types);
        Map<String, JsonNode> found = new TreeMap<>();
        template.path("Resources").properties().forEach(e -> {
            if (wanted.contains(e.getValue().path("Type").asText())) found.put(e.getKey(), e.getValue());
        });
        return found;
    }

    /** "Name(Target)" for each policy template of a resource, e.g. "SNSPublishMessagePolicy(NotificationTopic.TopicName)". */
    private static Set<String> describedPolicies(JsonNode resource) {
        Set<String> described = new TreeSet<>();
        for (JsonNode policy : resource.at("/Properties/Policies")) {
            if (!policy.isObject() || policy.size() != 1) {
                described.add(policy.toString());
                continue;
            }
            String name = policy.fieldNames().next();
            JsonNode arguments = policy.get(name);
            String target = arguments.size() == 1
                    ? describeReference(arguments.elements().next())
                    : arguments.toString();
            described.add(name + "(" + target + ")");
        }
        return described;
    }

    /** The policy template of a described policy; anything not allow-listed grants an "unknown" service. */
    private static PolicyTemplate templateOf(String described) {
        int paren = described.indexOf('(');
        PolicyTemplate known = paren > 0 ? POLICY_TEMPLATES.get(described.substring(0, paren)) : null;
        return known != null ? known : new PolicyTemplate("", null, Set.of(), Set.of("unknown:" + described));
    }

    private static String describeReference(JsonNode value) {
        if (value.has("Ref") && value.size() == 1) return value.get("Ref").asText();
        if (value.has("Fn::GetAtt") && value.size() == 1) {
            return value.get("Fn::GetAtt").get(0).asText() + "."
                    + value.get("Fn::GetAtt").get(1).asText();
        }
        return value.toString();
    }

    /** The logical id or parameter a {"Ref": X} points at, or null if the value is anything else. */
    private static String refTarget(JsonNode value) {
        return value != null
                        && value.isObject()
                        && value.size() == 1
                        && value.path("Ref").isTextual()
                ? value.get("Ref").asText()
                : null;
    }

    private static String getAttTarget(JsonNode value, String attribute) {
        JsonNode args = value.path("Fn::GetAtt");
        return value.size() == 1
                        && args.isArray()
                        && args.size() == 2
                        && args.get(1).asText().equals(attribute)
                ? args.get(0).asText()
                : null;
    }

    /**
     * A state machine of this template whose Name property is exactly this value (a state machine cannot !GetAtt its
     * own name in its own policies, so it names itself with the same !Sub), or null.
     */
    private static String namedStateMachine(JsonNode value) {
        for (var machine : resources(STATE_MACHINE).entrySet()) {
            if (machine.getValue().at("/Properties/Name").equals(value)) return machine.getKey();
        }
        return null;
    }

    private static String stripAlias(String target) {
        return target.endsWith(".Alias") ? target.substring(0, target.length() - ".Alias".length()) : target;
    }

    /** The resource type of a logical id, "Parameter" for a parameter, "" if neither. */
    private static String typeOf(String logicalId) {
        if (template.path("Parameters").has(logicalId)) return PARAMETER;
        return template.path("Resources").path(logicalId).path("Type").asText("");
    }

    /** Finds every IAM policy document (anything with a Statement list) and checks each statement. */
    private static void scanPolicyDocuments(JsonNode node, String path, boolean keyPolicy, List<String> problems) {
        if (node.isObject()) {
            if (node.path("Statement").isArray()) {
                for (JsonNode statement : node.path("Statement")) {
                    checkStatement(statement, path, keyPolicy, problems);
                }
            }
            node.properties()
                    .forEach(e -> scanPolicyDocuments(
                            e.getValue(),
                            path + "/" + e.getKey(),
                            keyPolicy || e.getKey().equals("KeyPolicy"),
                            problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) scanPolicyDocuments(node.get(i), path + "/" + i, keyPolicy, problems);
        }
    }

    private static void checkStatement(JsonNode statement, String path, boolean keyPolicy, List<String> problems) {
        for (String inverted : List.of("NotAction", "NotResource", "NotPrincipal")) {
            if (statement.has(inverted)) problems.add(path + ": " + inverted + " grants everything else");
        }
        for (JsonNode action : values(statement.path("Action"))) {
            if (action.asText().contains("*")) problems.add(path + ": wildcard action " + action.asText());
        }
        for (JsonNode resource : values(statement.path("Resource"))) {
            // In a key policy, Resource '*' means "this key"; anywhere else it means every resource.
            if (resource.isTextual()
                    && resource.asText().contains("*")
                    && !(keyPolicy && resource.asText().equals("*"))) {
                problems.add(path + ": wildcard resource " + resource.asText());
            }
        }
        JsonNode principal = statement.path("Principal");
        if (principal.isTextual() && principal.asText().equals("*")
                || values(principal.path("AWS")).stream()
                        .anyMatch(p -> p.asText().equals("*"))) {
            problems.add(path + ": principal *");
        }
    }

    private static List<JsonNode> values(JsonNode node) {
        List<JsonNode> values = new ArrayList<>();
        if (node.isArray()) node.forEach(values::add);
        else if (!node.isMissingNode()) values.add(node);
        return values;
    }
}
