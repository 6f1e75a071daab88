// Every page of the portal, read from the app directory: the scanner lives in testkit (the portal benchmark
// walks the same pages).
export { portalPages } from "@skillpod/testkit";
