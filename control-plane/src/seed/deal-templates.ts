// The words around a deal: cover letters of proposals, why a client declined one, and reviews after a
// contract completed. Slots: {name}, {skill}, {skill2}, {thing}, {weeks}, {client}, {freelancer}.

export const coverOpenings = [
  "Hi, I read your post carefully and this is exactly the kind of {thing} I build.",
  "Hello! I have delivered three similar projects with {skill} in the last year.",
  "Hi there, {name} here. Your {thing} sounds like a great fit for my experience with {skill}.",
  "Good morning. I specialise in {skill} and {skill2}, and I have a few questions about your {thing}.",
];

export const coverMiddles = [
  "I would start with a short review of what exists, then agree the milestones with you before writing code.",
  "I can start next week and I expect the work to take about {weeks} weeks, with a demo at the end of each one.",
  "My plan: a written proposal of the design in the first days, then small, reviewed increments.",
  "I work in small steps with tests, and you will see progress in the SkillPod workspace every day.",
  "I have attached two examples of comparable work on my profile, both still in production.",
];

export const coverClosings = [
  "Happy to jump on a call to discuss the details.",
  "Looking forward to hearing from you.",
  "If the budget is tight, I can suggest a smaller first milestone.",
  "Thanks for reading; I hope to work with you.",
];

export const declineReasons = [
  "We went with a freelancer who has more experience in our industry.",
  "The bid is above our budget for this phase.",
  "We need someone who can overlap more with our working hours.",
  "We decided to do this part of the work in-house.",
];

/** Reviews of the freelancer by the client, by rating. */
export const freelancerReviews: Record<number, string[]> = {
  5: [
    "Outstanding work. {freelancer} understood the problem quickly and delivered a {thing} that just works.",
    "{freelancer} was proactive, communicated every day and finished ahead of schedule. Will hire again.",
    "Deep {skill} knowledge and a pleasure to work with. The code is clean and well documented.",
    "Best freelancer we have worked with. Clear estimates, no surprises, excellent {skill} skills.",
  ],
  4: [
    "Good work on our {thing}. One milestone slipped a few days, but the quality was high.",
    "{freelancer} knows {skill} well. Communication could have been a bit more frequent.",
    "Solid delivery and a good handover. We would work together again.",
  ],
  3: [
    "The {thing} was delivered, but we needed more rounds of changes than expected.",
    "Skilled with {skill}, but estimates were optimistic and we went over the timeline.",
  ],
  2: ["The work needed significant fixes from our team after delivery."],
  1: ["Missed most deadlines and stopped answering messages before the last milestone."],
};

/** Reviews of the client by the freelancer, by rating. */
export const clientReviews: Record<number, string[]> = {
  5: [
    "{client} wrote a clear brief, answered questions fast and paid every milestone on time.",
    "A great client: decisive, friendly and well organised. The SkillPod workspace was ready on day one.",
    "Clear requirements and quick feedback. I would happily work with {client} again.",
  ],
  4: [
    "Good client; the scope changed a little along the way but we agreed on it quickly.",
    "Pleasant to work with, though feedback sometimes took a few days.",
  ],
  3: ["The brief was vague and the requirements changed several times."],
  2: ["Slow to review milestones and hard to reach."],
  1: ["Unclear expectations and constant scope changes."],
};
