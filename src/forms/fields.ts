import { childAgreements, safeToContactAnswers, type ContactDetails } from '../domain/answers.ts';
import type { Council } from '../domain/council.ts';
import type { AnswerReader } from './engine/answers.ts';
import { optionsAt, yesNoOptions, type ChoiceDef, type FieldDef, type OptionDef, type TextareaDef, type TextDef } from './engine/field-def.ts';

/**
 * Questions several journeys ask, so a name, contact details or whether contact is safe is asked
 * and read the same way everywhere. Their words are under `fields.*` in the catalogue; a journey
 * rewords what differs under its own step.
 */

/** "What is your name?", asked as the page's own question. */
export const fullNameField: TextDef = {
  kind: 'text',
  name: 'fullName',
  copy: 'fields.fullName',
  required: true,
  heading: true,
  maxLength: 100,
  autocomplete: 'name',
  spellcheck: false,
};

/** "How can we contact you?": email, phone and post, each revealing its own boxes. */
export const contactMethodsField: ChoiceDef = {
  kind: 'checkboxes',
  name: 'contactMethods',
  copy: 'fields.contactMethods',
  required: true,
  heading: true,
  options: [
    {
      value: 'email',
      conditional: [
        {
          kind: 'text',
          name: 'email',
          copy: 'fields.email',
          inputType: 'email',
          autocomplete: 'email',
          spellcheck: false,
          required: true,
          format: 'email',
          maxLength: 254,
          widthClass: 'govuk-!-width-two-thirds',
        },
      ],
    },
    {
      value: 'phone',
      conditional: [
        {
          kind: 'text',
          name: 'phone',
          copy: 'fields.phone',
          inputType: 'tel',
          autocomplete: 'tel',
          required: true,
          format: 'phone',
          maxLength: 20,
          widthClass: 'govuk-input--width-20',
        },
      ],
    },
    {
      value: 'post',
      conditional: [
        { kind: 'text', name: 'addressLine1', copy: 'fields.addressLine1', autocomplete: 'address-line1', required: true, maxLength: 100 },
        { kind: 'text', name: 'addressLine2', copy: 'fields.addressLine2', autocomplete: 'address-line2', maxLength: 100 },
        {
          kind: 'text',
          name: 'addressTown',
          copy: 'fields.addressTown',
          autocomplete: 'address-level2',
          required: true,
          maxLength: 60,
          widthClass: 'govuk-!-width-two-thirds',
        },
        {
          kind: 'text',
          name: 'addressPostcode',
          copy: 'fields.addressPostcode',
          autocomplete: 'postal-code',
          required: true,
          format: 'postcode',
          maxLength: 10,
          widthClass: 'govuk-input--width-10',
        },
      ],
    },
  ],
};

/**
 * The child's "How can we contact you?": post may reach the carer they are complaining about, so a
 * child may choose to be reached through an adult they trust instead, and say who and how.
 */
export const childContactMethodsField: ChoiceDef = {
  ...contactMethodsField,
  options: [
    ...contactMethodsField.options,
    {
      value: 'trusted',
      conditional: [
        { kind: 'text', name: 'trustedWho', copy: 'fields.trustedWho', required: true, maxLength: 100, spellcheck: false },
        {
          kind: 'text',
          name: 'trustedHow',
          copy: 'fields.trustedHow',
          required: true,
          maxLength: 254,
          spellcheck: false,
          widthClass: 'govuk-!-width-two-thirds',
        },
      ],
    },
  ],
};

/** "Is it safe for us to contact you these ways?", with when or how it is safe revealed. */
export const safeToContactField: ChoiceDef = {
  kind: 'radios',
  name: 'safeToContact',
  copy: 'fields.safeToContact',
  required: true,
  heading: true,
  options: [
    { value: 'yes' },
    { value: 'with_care', conditional: [{ kind: 'textarea', name: 'safeWhen', copy: 'fields.safeWhen', required: true, maxLength: 500, rows: 3 }] },
    { value: 'no', conditional: [{ kind: 'textarea', name: 'safeHow', copy: 'fields.safeHow', required: true, maxLength: 500, rows: 3 }] },
  ],
};

/** "How old are you?", on the child's path. */
export const ageField: TextDef = {
  kind: 'text',
  name: 'age',
  copy: 'fields.age',
  required: true,
  maxLength: 2,
  format: 'age',
  inputmode: 'numeric',
  widthClass: 'govuk-input--width-2',
  autocomplete: 'off',
};

/** The young person's own council; a care leaver is asked about the one that looked after them, in the past tense. */
export function selfCouncilField(council: Council, leftCare: boolean): ChoiceDef {
  return {
    kind: 'radios',
    name: 'council',
    copy: [`fields.selfCouncil.${leftCare ? 'leftCare' : 'lookedAfter'}`, 'fields.selfCouncil'],
    required: true,
    options: councilOptions(council, 'self'),
  };
}

/** "Child's full name", initials allowed. */
export const childNameField = (name: string): TextDef => ({
  kind: 'text',
  name,
  copy: 'fields.childName',
  required: true,
  maxLength: 100,
  autocomplete: 'off',
  spellcheck: false,
});

/** Which council looks after the child an adult is asking for; `prefix` names the "which council?" box. */
export const childCouncilField = (council: Council, name: string, prefix: string): ChoiceDef => ({
  kind: 'radios',
  name,
  copy: 'fields.childCouncil',
  required: true,
  options: councilOptions(council, prefix),
});

/** "What would put things right?", as the page's question. */
export const outcomeWantedField: TextareaDef = {
  kind: 'textarea',
  name: 'outcomeWanted',
  copy: 'fields.outcomeWanted',
  required: true,
  heading: true,
  maxLength: 2000,
  rows: 5,
  characterCount: true,
};

/** Which council looks after a child: this one (by name), another (named if known), or not sure. */
export function councilOptions(council: Council, prefix: string): OptionDef[] {
  return [
    { value: 'this', label: council.name },
    {
      value: 'another',
      copy: 'fields.council.options.another',
      conditional: [{ kind: 'text', name: `${prefix}OtherCouncil`, copy: 'fields.otherCouncil', maxLength: 100, autocomplete: 'off' }],
    },
    { value: 'not_sure', copy: 'fields.council.options.not_sure' },
  ];
}

/** Whether the child knows about it and agrees: asked of adults acting for a child, recorded and never a gate. */
export const childAgreementOptions: readonly OptionDef[] = optionsAt('fields.childAgreement.options', ...childAgreements);

/** "Before you send this: is anyone at risk of harm?", asked again on check answers. */
export const riskAtCheckField: ChoiceDef = {
  kind: 'radios',
  name: 'worriedAtCheck',
  copy: 'fields.riskAtCheck',
  required: true,
  options: yesNoOptions,
  inline: true,
};

/** "Do you want us to email you to say we have got your …?", asked on check answers. */
export const acknowledgementField: ChoiceDef = {
  kind: 'radios',
  name: 'wantsAcknowledgement',
  copy: 'fields.acknowledgement',
  required: true,
  options: yesNoOptions,
  inline: true,
};

/** The contact details a person gave and whether an acknowledgement can go to them. */
export function canAcknowledgeByEmail(answers: AnswerReader): boolean {
  return (
    answers.list('contact', 'contactMethods').includes('email') &&
    answers.text('contact', 'email') !== undefined &&
    answers.text('safe-contact', 'safeToContact') === 'yes'
  );
}

/**
 * Check answers' own questions: the risk question (unless `askAboutRisk` is false: the person
 * already said yes earlier), and the acknowledgement when an email can be sent.
 */
export function checkFields(answers: AnswerReader, options: { askAboutRisk?: boolean } = {}): FieldDef[] {
  return [...(options.askAboutRisk === false ? [] : [riskAtCheckField]), ...(canAcknowledgeByEmail(answers) ? [acknowledgementField] : [])];
}

/**
 * Contact details from the answers to the contact and safe-contact pages. Only the methods ticked
 * count, whatever else was posted; the postcode is stored in capitals.
 */
export function toContactDetails(
  answers: AnswerReader,
  options: { name: string; wantsAcknowledgement: boolean; communication?: Pick<ContactDetails, 'communicationNeeds' | 'interpreterLanguage' | 'otherNeeds'> },
): ContactDetails {
  const methods = answers.list('contact', 'contactMethods');
  const safeToContact = answers.choice('safe-contact', 'safeToContact', safeToContactAnswers) ?? 'no';
  const email = methods.includes('email') ? answers.text('contact', 'email') : undefined;
  const phone = methods.includes('phone') ? answers.text('contact', 'phone') : undefined;
  const address = methods.includes('post')
    ? [
        answers.text('contact', 'addressLine1'),
        answers.text('contact', 'addressLine2'),
        answers.text('contact', 'addressTown'),
        answers.text('contact', 'addressPostcode')?.toUpperCase(),
      ].filter((l): l is string => Boolean(l))
    : undefined;
  const trustedWho = methods.includes('trusted') ? answers.text('contact', 'trustedWho') : undefined;
  const trustedHow = methods.includes('trusted') ? answers.text('contact', 'trustedHow') : undefined;
  const safeDetails =
    safeToContact === 'with_care' ? answers.text('safe-contact', 'safeWhen') : safeToContact === 'no' ? answers.text('safe-contact', 'safeHow') : undefined;
  return {
    name: options.name,
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    ...(address?.length ? { address } : {}),
    ...(trustedWho && trustedHow ? { trustedAdult: { who: trustedWho, how: trustedHow } } : {}),
    safeToContact,
    ...(safeDetails ? { safeContactDetails: safeDetails } : {}),
    ...(options.communication ?? { communicationNeeds: [] }),
    wantsAcknowledgement: options.wantsAcknowledgement,
  };
}
