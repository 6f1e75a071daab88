// The local stack's desktop runner: real desktops for SkillPods on kwok nodes.
export {};
