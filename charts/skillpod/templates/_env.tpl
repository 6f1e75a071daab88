{{/* Environment shared by the control plane, the gateway and the migration Job. */}}

{{- define "skillpod.databaseEnv" -}}
{{- $db := .Values.externalDatabase -}}
{{ include "skillpod.secretEnv" (list "APP_DATABASE_URL" $db.existingSecret $db.appUrlKey) }}
{{ include "skillpod.secretEnv" (list "REDIS_URL" .Values.externalRedis.existingSecret .Values.externalRedis.urlKey) }}
{{- end -}}

{{- define "skillpod.platformSecretEnv" -}}
{{- $s := .Values.platformSecrets.existingSecret -}}
{{ include "skillpod.secretEnv" (list "INTERNAL_API_TOKEN" $s "internal-api-token") }}
{{ include "skillpod.secretEnv" (list "MFA_ENCRYPTION_KEY" $s "mfa-encryption-key") }}
{{ include "skillpod.secretEnv" (list "JWT_PRIVATE_KEY" $s "jwt-private-key") }}
{{ include "skillpod.secretEnv" (list "AUDIT_SIGNING_KEY" $s "audit-signing-key") }}
{{- end -}}

{{/* An Ingress for one component; (list $ "portal" $c servicePort). */}}
{{- define "skillpod.ingress" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
{{- $c := index . 2 -}}
{{- if $c.ingress.enabled }}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "skillpod.componentName" (list $root $name) }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "skillpod.componentLabels" (list $root $name) | nindent 4 }}
  {{- with $c.ingress.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- with $c.ingress.className }}
  ingressClassName: {{ . }}
  {{- end }}
  {{- with $c.ingress.tlsSecret }}
  tls:
    - hosts: [{{ $c.ingress.host | quote }}]
      secretName: {{ . }}
  {{- end }}
  rules:
    - host: {{ $c.ingress.host | quote }}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: {{ include "skillpod.componentName" (list $root $name) }}
                port:
                  name: http
{{- end }}
{{- end -}}

{{/* A ClusterIP Service named after the component with one "http" port; (list $ "portal" port). */}}
{{- define "skillpod.service" -}}
{{- $root := index . 0 -}}
{{- $name := index . 1 -}}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ include "skillpod.componentName" (list $root $name) }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "skillpod.componentLabels" (list $root $name) | nindent 4 }}
spec:
  selector:
    {{- include "skillpod.selectorLabels" (list $root $name) | nindent 4 }}
  ports:
    - { name: http, port: {{ index . 2 }}, targetPort: http }
{{- end -}}
