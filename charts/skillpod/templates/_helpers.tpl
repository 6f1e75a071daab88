{{/* Names, labels and the pieces every component's Deployment shares. */}}

{{- define "skillpod.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "skillpod.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else if contains (include "skillpod.name" .) .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "skillpod.name" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The name of one component's objects: <fullname>-<component>. Call with (list $ "operator"). */}}
{{- define "skillpod.componentName" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "skillpod.fullname" $root) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "skillpod.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "skillpod.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: skillpod
{{- end -}}

{{/* Labels of one component; (list $ "operator"). */}}
{{- define "skillpod.componentLabels" -}}
{{ include "skillpod.labels" (index . 0) }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* Selector labels of one component: stable across upgrades (a Deployment's selector is immutable). */}}
{{- define "skillpod.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "skillpod.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{/* <registry>/<repository>/<image>:<tag>; (list $ .Values.operator.image). */}}
{{- define "skillpod.image" -}}
{{- $root := index . 0 -}}
{{- $image := index . 1 -}}
{{- $registry := $image.registry | default $root.Values.image.registry -}}
{{- $repository := $image.repository | default (printf "%s/%s" $root.Values.image.repository $image.name) -}}
{{- $tag := $image.tag | default $root.Values.image.tag | default $root.Chart.AppVersion -}}
{{- if $image.digest -}}
{{- printf "%s/%s@%s" $registry $repository $image.digest -}}
{{- else -}}
{{- printf "%s/%s:%s" $registry $repository $tag -}}
{{- end -}}
{{- end -}}

{{/*
The Pod-level pieces every component shares; (list $ $component "name"). Security contexts merge the chart's
restricted defaults with the component's overrides; a null runAsUser (OpenShift assigns one) is dropped.
*/}}
{{- define "skillpod.podSpecCommon" -}}
{{- $root := index . 0 -}}
{{- $c := index . 1 -}}
{{- $name := index . 2 -}}
serviceAccountName: {{ include "skillpod.componentName" (list $root ($c.serviceAccountOf | default $name)) }}
automountServiceAccountToken: {{ $c.automountServiceAccountToken | default false }}
{{- with $root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $root.Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
securityContext:
  {{- include "skillpod.withoutNulls" (mergeOverwrite (deepCopy $root.Values.podSecurityContext) ($c.podSecurityContext | default dict)) | nindent 2 }}
{{- with $c.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $c.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $c.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- include "skillpod.topologySpread" (list $root $c $name) }}
{{- end -}}

{{/* The component's spread, or by default across nodes and zones, preferring but not requiring it. */}}
{{- define "skillpod.topologySpread" -}}
{{- $root := index . 0 -}}
{{- $c := index . 1 -}}
{{- $name := index . 2 -}}
{{- $constraints := $c.topologySpreadConstraints -}}
{{- if kindIs "invalid" $constraints -}}
{{- $constraints = $root.Values.topologySpreadConstraints -}}
{{- end }}
{{- if $constraints }}
topologySpreadConstraints:
{{- range $constraints }}
  - {{- toYaml (omit . "labelSelector") | nindent 4 }}
    labelSelector:
      matchLabels:
        {{- include "skillpod.selectorLabels" (list $root $name) | nindent 8 }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The container's security context: restricted defaults merged with overrides, nulls dropped. */}}
{{- define "skillpod.containerSecurityContext" -}}
{{- $root := index . 0 -}}
{{- $c := index . 1 -}}
{{- include "skillpod.withoutNulls" (mergeOverwrite (deepCopy $root.Values.containerSecurityContext) ($c.containerSecurityContext | default dict)) -}}
{{- end -}}

{{/* toYaml of a map without its null values (so `runAsUser: null` in values removes the key). */}}
{{- define "skillpod.withoutNulls" -}}
{{- $out := dict -}}
{{- range $k, $v := . -}}
{{- if not (kindIs "invalid" $v) -}}
{{- $_ := set $out $k $v -}}
{{- end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/* An env var from a key of an existing Secret. (list "NAME" secretName key). */}}
{{- define "skillpod.secretEnv" -}}
- name: {{ index . 0 }}
  valueFrom:
    secretKeyRef:
      name: {{ index . 1 }}
      key: {{ index . 2 }}
{{- end -}}

{{/* The common OpenTelemetry and log settings. */}}
{{- define "skillpod.commonEnv" -}}
{{- $root := index . 0 -}}
{{- $c := index . 1 -}}
- name: LOG_LEVEL
  value: {{ $c.logLevel | default $root.Values.logLevel | quote }}
{{- with $root.Values.otel.endpoint }}
- name: OTEL_EXPORTER_OTLP_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- with $c.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}
