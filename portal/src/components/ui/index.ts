export { Button, LinkButton, type ButtonVariant } from "./button";
export { SubmitButton } from "./submit-button";
export { TextField, TextAreaField, SelectField, fieldError } from "./field";
export { Notice, ProblemNotice, EmptyState, Skeleton, Badge, Card, type Tone } from "./feedback";
export { ActionForm, type FormAction, type FormState } from "./action-form";
export { Dialog } from "./dialog";
export { TabLinks } from "./tabs";
export { BarChart, type Bar } from "./bar-chart";
export { Pager } from "./pager";
