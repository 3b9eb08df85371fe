{{/*
Names and labels.
*/}}
{{- define "balai.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "balai.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "balai.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "balai.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: balai
{{- end -}}

{{- define "balai.selectorLabels" -}}
app.kubernetes.io/name: {{ include "balai.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of one component; call with (dict "root" $ "component" "web"). */}}
{{- define "balai.componentLabels" -}}
{{ include "balai.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "balai.componentSelectorLabels" -}}
{{ include "balai.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "balai.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "balai.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "balai.migrationsServiceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- printf "%s-migrations" (include "balai.serviceAccountName" .) | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- include "balai.serviceAccountName" . -}}
{{- end -}}
{{- end -}}

{{/*
Required values, each with the sentence an operator needs.
*/}}
{{- define "balai.baseDomain" -}}
{{- required "Set baseDomain to the platform's domain, e.g. --set baseDomain=balai.acehbesarkab.go.id: districts are served at {slug}.{baseDomain} and villages one level below." .Values.baseDomain -}}
{{- end -}}

{{- define "balai.secretName" -}}
{{- if .Values.existingSecret -}}
{{- .Values.existingSecret -}}
{{- else -}}
{{- include "balai.fullname" . -}}
{{- end -}}
{{- end -}}

{{/* The Secret the migration hook reads: it must exist before the release's own resources do. */}}
{{- define "balai.migrationsSecretName" -}}
{{- if .Values.existingSecret -}}
{{- .Values.existingSecret -}}
{{- else -}}
{{- printf "%s-migrations" (include "balai.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/*
Image: repository:tag, or repository@digest when a digest is given (CI sets it at release time).
*/}}
{{- define "balai.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}
{{- end -}}

{{- define "balai.imagePullPolicy" -}}
{{- if .Values.image.pullPolicy -}}
{{- .Values.image.pullPolicy -}}
{{- else if .Values.image.digest -}}
IfNotPresent
{{- else -}}
Always
{{- end -}}
{{- end -}}

{{- define "balai.release" -}}
{{- default (default .Chart.AppVersion .Values.image.tag) .Values.sentry.release -}}
{{- end -}}

{{/*
ALLOWED_HOSTS: the platform host, every subdomain of it (districts and villages), the villages'
own domains, and any extra host the operator lists.
*/}}
{{- define "balai.allowedHosts" -}}
{{- $base := include "balai.baseDomain" . -}}
{{- $hosts := list $base (printf ".%s" $base) -}}
{{- range .Values.districts -}}
{{- $hosts = concat $hosts (default list .customDomains) -}}
{{- end -}}
{{- $hosts = concat $hosts .Values.extraAllowedHosts -}}
{{- join "," (uniq $hosts) -}}
{{- end -}}

{{/*
Configuration shared by every component. One definition, rendered into the release's ConfigMap
and into the migration hook's copy, so the checksum of this text rolls the pods on a change.
*/}}
{{- define "balai.configData" -}}
DJANGO_SETTINGS_MODULE: "balai.settings.production"
BASE_DOMAIN: {{ include "balai.baseDomain" . | quote }}
ALLOWED_HOSTS: {{ include "balai.allowedHosts" . | quote }}
LOG_LEVEL: {{ .Values.logLevel | quote }}
SENTRY_ENVIRONMENT: {{ .Values.sentry.environment | quote }}
SENTRY_RELEASE: {{ include "balai.release" . | quote }}
{{- with .Values.email.host }}
EMAIL_HOST: {{ . | quote }}
{{- end }}
EMAIL_PORT: {{ .Values.email.port | quote }}
EMAIL_HOST_USER: {{ .Values.email.user | quote }}
EMAIL_USE_TLS: {{ .Values.email.useTls | quote }}
{{- with .Values.email.defaultFromEmail }}
DEFAULT_FROM_EMAIL: {{ . | quote }}
{{- end }}
MEDIA_ROOT: "/var/lib/balai/media"
{{- with .Values.media.s3 }}
{{- if .bucket }}
STORAGE_S3_BUCKET: {{ .bucket | quote }}
{{- with .endpointUrl }}
STORAGE_S3_ENDPOINT_URL: {{ . | quote }}
{{- end }}
{{- with .region }}
STORAGE_S3_REGION: {{ . | quote }}
{{- end }}
{{- with .prefix }}
STORAGE_S3_PREFIX: {{ . | quote }}
{{- end }}
{{- with .addressingStyle }}
STORAGE_S3_ADDRESSING_STYLE: {{ . | quote }}
{{- end }}
{{- end }}
{{- end }}
NUM_PROXIES: {{ .Values.ingress.trustedProxies | quote }}
{{- with .Values.notifications.gatewayUrl }}
NOTIFY_GATEWAY_URL: {{ . | quote }}
{{- end }}
{{- with .Values.metrics.allowedNetworks }}
METRICS_ALLOWED_NETWORKS: {{ join "," . | quote }}
{{- end }}
{{- range $name, $value := .Values.extraEnv }}
{{ $name }}: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/*
Secret values, when the chart creates the Secret. Either existingSecret or the four required
secrets; both at once is refused so that nobody wonders which one is used.
*/}}
{{- define "balai.validateSecrets" -}}
{{- $s := .Values.secrets -}}
{{- if and .Values.existingSecret (or $s.secretKey $s.databaseUrl $s.redisUrl $s.personalDataKeys $s.sentryDsn $s.emailHostPassword $s.notifyGatewayToken $s.storageS3AccessKeyId $s.storageS3SecretAccessKey) -}}
{{- fail "Set either existingSecret or the values under secrets, not both: with existingSecret every secret comes from that Secret." -}}
{{- end -}}
{{- end -}}

{{/* Checks that the schema cannot express, each failing with a sentence. */}}
{{- define "balai.validate" -}}
{{- include "balai.validateSecrets" . -}}
{{- $slugs := list -}}
{{- $domains := list -}}
{{- range .Values.districts -}}
{{- if has .slug $slugs -}}
{{- fail (printf "District %s is listed twice under districts: list each district once." .slug) -}}
{{- end -}}
{{- $slugs = append $slugs .slug -}}
{{- range (default list .customDomains) -}}
{{- if has . $domains -}}
{{- fail (printf "Custom domain %s is listed twice under districts[].customDomains: a village domain belongs to one district." .) -}}
{{- end -}}
{{- $domains = append $domains . -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "balai.secretData" -}}
{{- $s := .Values.secrets -}}
SECRET_KEY: {{ required "Set existingSecret to the name of a Secret you created (keys SECRET_KEY, DATABASE_URL, REDIS_URL, PERSONAL_DATA_KEYS, optional SENTRY_DSN, EMAIL_HOST_PASSWORD, NOTIFY_GATEWAY_TOKEN), or set secrets.secretKey to a long random string, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'." $s.secretKey | b64enc | quote }}
DATABASE_URL: {{ required "Set existingSecret, or set secrets.databaseUrl to the PostgreSQL 14+ URL, e.g. postgres://balai:password@db:5432/balai (through PgBouncer only in session mode)." $s.databaseUrl | b64enc | quote }}
REDIS_URL: {{ required "Set existingSecret, or set secrets.redisUrl to the Redis URL for cache and Celery, e.g. redis://redis:6379/0." $s.redisUrl | b64enc | quote }}
PERSONAL_DATA_KEYS: {{ required "Set existingSecret, or set secrets.personalDataKeys to one or more comma-separated Fernet keys for personal data at rest, e.g. python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'." $s.personalDataKeys | b64enc | quote }}
{{- with $s.sentryDsn }}
SENTRY_DSN: {{ . | b64enc | quote }}
{{- end }}
{{- with $s.emailHostPassword }}
EMAIL_HOST_PASSWORD: {{ . | b64enc | quote }}
{{- end }}
{{- with $s.notifyGatewayToken }}
NOTIFY_GATEWAY_TOKEN: {{ . | b64enc | quote }}
{{- end }}
{{- with $s.storageS3AccessKeyId }}
STORAGE_S3_ACCESS_KEY_ID: {{ . | b64enc | quote }}
{{- end }}
{{- with $s.storageS3SecretAccessKey }}
STORAGE_S3_SECRET_ACCESS_KEY: {{ . | b64enc | quote }}
{{- end }}
{{- end -}}

{{/*
Environment of every application container. Call with (dict "root" $ "configMap" NAME "secret" NAME).
SENTRY_DSN and EMAIL_HOST_PASSWORD are optional keys of the Secret.
*/}}
{{- define "balai.env" -}}
- name: SECRET_KEY
  valueFrom:
    secretKeyRef: {name: {{ .secret | quote }}, key: SECRET_KEY}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef: {name: {{ .secret | quote }}, key: DATABASE_URL}
- name: REDIS_URL
  valueFrom:
    secretKeyRef: {name: {{ .secret | quote }}, key: REDIS_URL}
- name: PERSONAL_DATA_KEYS
  valueFrom:
    secretKeyRef: {name: {{ .secret | quote }}, key: PERSONAL_DATA_KEYS}
- name: SENTRY_DSN
  valueFrom:
    secretKeyRef: {name: {{ .secret | quote }}, key: SENTRY_DSN, optional: true}
- name: EMAIL_HOST_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ .secret | quote }}, key: EMAIL_HOST_PASSWORD, optional: true}
- name: NOTIFY_GATEWAY_TOKEN
  valueFrom:
    secretKeyRef: {name: {{ .secret | quote }}, key: NOTIFY_GATEWAY_TOKEN, optional: true}
- name: STORAGE_S3_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef: {name: {{ .secret | quote }}, key: STORAGE_S3_ACCESS_KEY_ID, optional: true}
- name: STORAGE_S3_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef: {name: {{ .secret | quote }}, key: STORAGE_S3_SECRET_ACCESS_KEY, optional: true}
{{- end -}}

{{- define "balai.envFrom" -}}
- configMapRef:
    name: {{ .configMap | quote }}
{{- end -}}

{{/*
Pod- and container-level hardening, the same for every component.
*/}}
{{- define "balai.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "balai.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
The root filesystem is read-only: /tmp is an emptyDir. Web and worker pods also mount the media
volume (uploads); beat and the migration Job do not, so a ReadWriteOnce claim never pins them.
Call with (dict "root" $ "media" true).
*/}}
{{- define "balai.volumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .root.Values.tmpSizeLimit | quote }}
{{- if .media }}
- name: media
{{- if .root.Values.media.existingClaim }}
  persistentVolumeClaim:
    claimName: {{ .root.Values.media.existingClaim | quote }}
{{- else }}
  emptyDir:
    sizeLimit: {{ .root.Values.media.emptyDirSizeLimit | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "balai.volumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .media }}
- name: media
  mountPath: /var/lib/balai/media
{{- end }}
{{- end -}}

{{/* Scheduling shared by every pod. */}}
{{- define "balai.scheduling" -}}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . | quote }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* Spread replicas of a component over nodes where the cluster allows it. */}}
{{- define "balai.topologySpread" -}}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "balai.componentSelectorLabels" . | nindent 8 }}
{{- end -}}

{{/* Checksums that roll the pods when configuration or the chart-made Secret change. */}}
{{- define "balai.checksums" -}}
checksum/config: {{ include "balai.configData" . | sha256sum }}
{{- if .Values.existingSecret }}
checksum/secret: {{ .Values.existingSecret | sha256sum }}
{{- else }}
checksum/secret: {{ include "balai.secretData" . | sha256sum }}
{{- end }}
{{- end -}}
